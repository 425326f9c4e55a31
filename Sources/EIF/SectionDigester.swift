import BulkDigest
import NIOCore

/// Which registers a payload feeds: PCR0 always, plus PCR1 (kernel, cmdline, first ramdisk) or PCR2
/// (later ramdisks). Section headers, metadata and the signature are only covered by the CRC.
enum MeasuredRegion: Sendable {
    case boot
    case customer
    case unmeasured
}

/// Runs the EIF's passes over its bytes: two lane threads hash (lane 0 owns PCR0, lane 1 owns PCR1 and
/// PCR2), while the caller's thread reads, computes the CRC-32 and writes. Files stream through a ring of
/// four reused 2 MiB buffers, so memory stays at 8 MiB of chunks whatever the image size.
final class SectionDigester: @unchecked Sendable {
    // The registers are touched only by their lane, or by the caller after `lanes.drain()`.
    private let pcr0: PCRMeasurement
    private let pcr1: PCRMeasurement
    private let pcr2: PCRMeasurement
    private var running = CRC32()
    private(set) var byteCount: Int64 = 0
    private let lanes: HashLanes
    private static let chunkSize = 2 << 20

    init() {
        let (pcr0, pcr1, pcr2) = (PCRMeasurement(), PCRMeasurement(), PCRMeasurement())
        (self.pcr0, self.pcr1, self.pcr2) = (pcr0, pcr1, pcr2)
        lanes = HashLanes(slots: 4, slotSize: Self.chunkSize) { bytes, lane, region in
            Self.measure(bytes, lane: lane, region: region, pcr0: pcr0, pcr1: pcr1, pcr2: pcr2)
        }
    }

    deinit {
        lanes.stop()
    }

    /// The CRC-32 of every byte absorbed so far.
    var crc: UInt32 { running.value }

    /// Hashes small bytes (headers, cmdline, metadata) on the calling thread, after every chunk in flight.
    func absorb(_ buffer: ByteBuffer, region: MeasuredRegion) {
        buffer.withUnsafeReadableBytes { absorb($0, region: region) }
    }

    func absorb(_ bytes: UnsafeRawBufferPointer, region: MeasuredRegion) {
        lanes.drain()
        byteCount += Int64(bytes.count)
        running.update(bytes)
        for lane in 0..<2 { Self.measure(bytes, lane: lane, region: region, pcr0: pcr0, pcr1: pcr1, pcr2: pcr2) }
    }

    /// Streams `range` of `file` through the lanes, calling `body` with each chunk while it is hashed;
    /// returns once every chunk is hashed. A file shorter than the range changed while being read.
    func absorb(
        _ file: BinaryFile, range: Range<Int64>, region: MeasuredRegion,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        defer { lanes.drain() }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let want = Int(min(Int64(Self.chunkSize), range.upperBound - offset))
            let (slot, buffer) = lanes.acquire()
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[..<want])
            let read: Int
            do {
                read = try file.read(into: chunk, at: offset)
            } catch {
                lanes.release(slot: slot)
                throw error
            }
            guard read == want else {
                lanes.release(slot: slot)
                throw EIFInputError("\(file.path) ended before byte \(range.upperBound) (did it change while nitroforge was reading it?)")
            }
            lanes.submit(slot: slot, count: want, region: region)
            byteCount += Int64(want)
            running.update(UnsafeRawBufferPointer(chunk))
            try body(UnsafeRawBufferPointer(chunk))
            offset += Int64(want)
        }
    }

    func measurements() -> EIFMeasurements {
        lanes.drain()
        return EIFMeasurements(pcr0: pcr0.finalize(), pcr1: pcr1.finalize(), pcr2: pcr2.finalize())
    }

    /// Lane 0 owns PCR0, lane 1 owns PCR1 and PCR2, so the two threads never touch the same hasher.
    private static func measure(
        _ bytes: UnsafeRawBufferPointer, lane: Int, region: MeasuredRegion,
        pcr0: PCRMeasurement, pcr1: PCRMeasurement, pcr2: PCRMeasurement
    ) {
        switch (lane, region) {
        case (_, .unmeasured): break
        case (0, _): pcr0.update(bytes)
        case (_, .boot): pcr1.update(bytes)
        case (_, .customer): pcr2.update(bytes)
        }
    }
}
