import Dispatch
import NIOCore

/// Which registers a payload feeds: PCR0 always, plus PCR1 (kernel, cmdline, first ramdisk) or PCR2
/// (later ramdisks). Section headers, metadata and the signature are only covered by the CRC.
enum MeasuredRegion {
    case boot
    case customer
    case unmeasured
}

/// Runs the EIF's three passes over each chunk (CRC-32, PCR0, and PCR1 or PCR2) on two threads:
/// each thread takes one SHA-384 and half of the chunk's CRC, and the two CRC halves are combined.
/// A chunk is hashed in place, so memory stays at the caller's chunk size.
final class SectionDigester: @unchecked Sendable {
    private var pcr0 = PCRMeasurement()
    private var pcr1 = PCRMeasurement()
    private var pcr2 = PCRMeasurement()
    private(set) var crc: UInt32 = 0
    private(set) var byteCount: Int64 = 0

    /// Below this size a second thread costs more than it saves.
    private static let parallelThreshold = 256 << 10

    func absorb(_ buffer: ByteBuffer, region: MeasuredRegion) {
        buffer.withUnsafeReadableBytes { absorb($0, region: region) }
    }

    func absorb(_ bytes: UnsafeRawBufferPointer, region: MeasuredRegion) {
        byteCount += Int64(bytes.count)
        if region == .unmeasured || bytes.count < Self.parallelThreshold {
            var chunkCRC = CRC32()
            chunkCRC.update(bytes)
            crc = CRC32.combine(crc, chunkCRC.value, secondLength: bytes.count)
            measure(bytes, lane: 0, region: region)
            measure(bytes, lane: 1, region: region)
            return
        }
        let half = bytes.count / 2
        let shared = SharedBytes(bytes: bytes)
        var halves: (UInt32, UInt32) = (0, 0)
        withUnsafeMutablePointer(to: &halves) { halvesPointer in
            let results = SharedPointer(pointer: halvesPointer)
            DispatchQueue.concurrentPerform(iterations: 2) { lane in
                let whole = shared.bytes
                var laneCRC = CRC32()
                if lane == 0 {
                    laneCRC.update(UnsafeRawBufferPointer(rebasing: whole[..<half]))
                    results.pointer.pointee.0 = laneCRC.value
                } else {
                    laneCRC.update(UnsafeRawBufferPointer(rebasing: whole[half...]))
                    results.pointer.pointee.1 = laneCRC.value
                }
                self.measure(whole, lane: lane, region: region)
            }
        }
        let chunkCRC = CRC32.combine(halves.0, halves.1, secondLength: bytes.count - half)
        crc = CRC32.combine(crc, chunkCRC, secondLength: bytes.count)
    }

    /// Lane 0 owns PCR0, lane 1 owns PCR1 and PCR2, so the two threads never touch the same hasher.
    private func measure(_ bytes: UnsafeRawBufferPointer, lane: Int, region: MeasuredRegion) {
        switch (lane, region) {
        case (_, .unmeasured): break
        case (0, _): pcr0.update(bytes)
        case (_, .boot): pcr1.update(bytes)
        case (_, .customer): pcr2.update(bytes)
        }
    }

    func measurements() -> EIFMeasurements {
        EIFMeasurements(pcr0: pcr0.finalize(), pcr1: pcr1.finalize(), pcr2: pcr2.finalize())
    }
}

/// Carries a borrowed buffer into the two lanes of `concurrentPerform`, which return before it ends.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}

/// Lets each lane store its own CRC half; the lanes write disjoint fields.
private struct SharedPointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<(UInt32, UInt32)>
}
