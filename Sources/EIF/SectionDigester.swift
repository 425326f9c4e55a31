import BulkDigest
import Dispatch
import NIOCore

/// Which registers a payload feeds: PCR0 always, plus PCR1 (kernel, cmdline, first ramdisk) or PCR2
/// (later ramdisks). Section headers, metadata and the signature are only covered by the CRC.
enum MeasuredRegion: Sendable {
    case boot
    case customer
    case unmeasured
}

/// Runs the EIF's passes over its bytes (CRC-32, PCR0, and PCR1 or PCR2) on two lanes, one thread each:
/// lane 0 owns PCR0 and the CRC of each chunk's first half, lane 1 owns PCR1 and PCR2 and the CRC of the
/// second half; the halves are combined in order. Files stream through two reused chunk buffers, so the
/// caller reads the next chunk and writes the current one while the lanes hash it, and memory stays at
/// two chunks whatever the image size.
final class SectionDigester: @unchecked Sendable {
    // Lane state is touched only by its lane, or by the caller after `waitForLanes`.
    private let pcr0 = PCRMeasurement()
    private let pcr1 = PCRMeasurement()
    private let pcr2 = PCRMeasurement()
    private var firstHalfCRC: UInt32 = 0
    private var secondHalfCRC: UInt32 = 0
    private var inFlightLengths: [Int]?
    private(set) var crc: UInt32 = 0
    private(set) var byteCount: Int64 = 0

    private let lanes = [DispatchQueue(label: "nitroforge.eif.lane0"), DispatchQueue(label: "nitroforge.eif.lane1")]
    private let inFlight = DispatchGroup()
    private let buffers = (0..<2).map { _ in
        UnsafeMutableRawBufferPointer.allocate(byteCount: BinaryFile.chunkSize, alignment: 64)
    }

    deinit {
        inFlight.wait()
        buffers.forEach { $0.deallocate() }
    }

    /// Hashes small bytes (headers, cmdline, metadata) on the calling thread, after any chunk in flight.
    func absorb(_ buffer: ByteBuffer, region: MeasuredRegion) {
        buffer.withUnsafeReadableBytes { absorb($0, region: region) }
    }

    func absorb(_ bytes: UnsafeRawBufferPointer, region: MeasuredRegion) {
        waitForLanes()
        byteCount += Int64(bytes.count)
        var chunkCRC = CRC32()
        chunkCRC.update(bytes)
        crc = CRC32.combine(crc, chunkCRC.value, secondLength: bytes.count)
        measure(bytes, lane: 0, region: region)
        measure(bytes, lane: 1, region: region)
    }

    /// Streams `range` of `file` through the lanes, calling `body` with each chunk while it is hashed;
    /// returns once every chunk is hashed. A file shorter than the range changed while being read.
    func absorb(
        _ file: BinaryFile, range: Range<Int64>, region: MeasuredRegion,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        defer { waitForLanes() }
        var offset = range.lowerBound
        var slot = 0
        while offset < range.upperBound {
            let want = Int(min(Int64(BinaryFile.chunkSize), range.upperBound - offset))
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffers[slot][..<want])
            guard try file.read(into: chunk, at: offset) == want else {
                throw EIFInputError("\(file.path) ended before byte \(range.upperBound) (did it change while nitroforge was reading it?)")
            }
            waitForLanes()
            submit(UnsafeRawBufferPointer(chunk), region: region)
            try body(UnsafeRawBufferPointer(chunk))
            offset += Int64(want)
            slot ^= 1
        }
    }

    func measurements() -> EIFMeasurements {
        waitForLanes()
        return EIFMeasurements(pcr0: pcr0.finalize(), pcr1: pcr1.finalize(), pcr2: pcr2.finalize())
    }

    private func submit(_ bytes: UnsafeRawBufferPointer, region: MeasuredRegion) {
        let half = bytes.count / 2
        let shared = SharedBytes(bytes: bytes)
        byteCount += Int64(bytes.count)
        inFlightLengths = [half, bytes.count - half]
        for lane in 0..<2 {
            lanes[lane].async(group: inFlight) {
                var laneCRC = CRC32()
                laneCRC.update(UnsafeRawBufferPointer(rebasing: lane == 0 ? shared.bytes[..<half] : shared.bytes[half...]))
                self.setLaneCRC(laneCRC.value, lane: lane)
                self.measure(shared.bytes, lane: lane, region: region)
            }
        }
    }

    /// Separate properties, so the two lanes never write the same storage.
    private func setLaneCRC(_ value: UInt32, lane: Int) {
        if lane == 0 { firstHalfCRC = value } else { secondHalfCRC = value }
    }

    /// Waits for the chunk in flight, if any, and folds its two CRC halves into the running CRC.
    private func waitForLanes() {
        guard let lengths = inFlightLengths else { return }
        inFlight.wait()
        crc = CRC32.combine(crc, firstHalfCRC, secondLength: lengths[0])
        crc = CRC32.combine(crc, secondHalfCRC, secondLength: lengths[1])
        inFlightLengths = nil
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
}

/// Carries a chunk into the two lanes, which finish with it before its buffer is reused.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}
