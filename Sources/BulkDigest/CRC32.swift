import CNitroZlib

/// CRC-32 as zlib's `crc32` and the EIF format compute it (`crc::CRC_32_ISO_HDLC`: reflected polynomial
/// 0xEDB88320, initial value and final xor 0xFFFFFFFF), computed by the system zlib: the EIF CRC covers
/// every byte of a multi-gigabyte image and must not be the slowest of the passes over it.
public struct CRC32: Sendable, Equatable {
    /// The CRC of everything passed to `update` so far.
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        value = UInt32(crc32_z(UInt(value), base.assumingMemoryBound(to: UInt8.self), bytes.count))
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// The CRC of `first ‖ second`, from the CRCs of the two parts (zlib's `crc32_combine`), so two
    /// threads can each take half of a chunk.
    public static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(crc32_combine(UInt(first), UInt(second), secondLength))
    }
}
