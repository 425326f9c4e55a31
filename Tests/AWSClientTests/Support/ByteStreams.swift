import Crypto
import NIOCore

/// A deterministic stream of `count` bytes in chunks of `chunkSize` (the same bytes as peer.py's `s3-put`:
/// byte i is `(i * 7 + 3) % 251`), generated on the fly so large objects never sit in memory.
struct PatternStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let count: Int
    let chunkSize: Int
    /// The pattern repeats every 251 bytes; copying runs of one period keeps debug builds fast.
    static let period: [UInt8] = (0..<251).map { UInt8(($0 * 7 + 3) % 251) }

    struct AsyncIterator: AsyncIteratorProtocol {
        let count: Int
        let chunkSize: Int
        var offset = 0

        mutating func next() async -> ByteBuffer? {
            guard offset < count else { return nil }
            let length = Swift.min(chunkSize, count - offset)
            var buffer = ByteBuffer()
            buffer.reserveCapacity(length)
            var phase = offset % 251
            while buffer.readableBytes < length {
                let run = Swift.min(251 - phase, length - buffer.readableBytes)
                buffer.writeBytes(PatternStream.period[phase..<(phase + run)])
                phase = 0
            }
            offset += length
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(count: count, chunkSize: chunkSize)
    }

    /// SHA-256 hex of the whole pattern, computed by walking it once more.
    func sha256() async -> String {
        var hash = SHA256()
        for await chunk in self { chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) } }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Reads a body stream to its end, hashing as it goes; returns size and SHA-256 hex.
func digest<S: AsyncSequence>(_ stream: S) async throws -> (size: Int, sha256: String) where S.Element == ByteBuffer {
    var hash = SHA256()
    var size = 0
    for try await chunk in stream {
        size += chunk.readableBytes
        chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
    }
    return (size, hash.finalize().map { String(format: "%02x", $0) }.joined())
}
