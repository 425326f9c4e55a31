import BulkDigest
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
            var crc = CRC32()
            for buffer in buffers { buffer.withUnsafeReadableBytes { crc.update($0) } }
            let value = crc.value
            return Data([UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]).base64EncodedString()
        }
    }
}
