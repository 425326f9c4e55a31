import Crypto
import Foundation
import NIOCore

/// The checksum S3 stores with an object or part (`x-amz-checksum-<name>`, base64 of the digest).
public enum S3ChecksumAlgorithm: String, Sendable, CaseIterable {
    case sha256 = "SHA256"
    case crc32 = "CRC32"

    /// `x-amz-checksum-sha256` / `x-amz-checksum-crc32`.
    var headerName: String { "x-amz-checksum-\(rawValue.lowercased())" }
    /// The element name in multipart XML: `ChecksumSHA256` / `ChecksumCRC32`.
    var xmlName: String { "Checksum\(rawValue)" }

    /// Base64 of the digest of the readable bytes of `buffers`, one after another.
    func checksum(of buffers: [ByteBuffer]) -> String {
        switch self {
        case .sha256:
            var hash = SHA256()
            for buffer in buffers { buffer.withUnsafeReadableBytes { hash.update(bufferPointer: $0) } }
            return Data(hash.finalize()).base64EncodedString()
        case .crc32:
            let value = CRC32.checksum(buffers.lazy.flatMap(\.readableBytesView))
            return Data([UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]).base64EncodedString()
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib and S3 compute it.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
