import Crypto
import NIOConcurrencyHelpers
import NIOCore
import NitroFormats

/// A request body on its way into the encryptor: counts its bytes, hashes them (the job message carries the
/// plaintext's size and SHA-256) and stops with 413 at the first byte beyond the limit, so that an oversized
/// body is refused while it streams and nothing of it is kept.
struct MeteredBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let limit: Int
    let meter: Meter

    /// What the body held once it has been read to its end.
    final class Meter: Sendable {
        private let state = NIOLockedValueBox((count: 0, hash: SHA256()))

        var count: Int { state.withLockedValue { $0.count } }

        /// Lower-case hex SHA-256 of everything read.
        func digest() -> String { Hex.encode(state.withLockedValue { $0.hash.finalize() }) }

        fileprivate func add(_ buffer: ByteBuffer, limit: Int) throws(APIError) {
            let within = state.withLockedValue { state in
                state.count += buffer.readableBytes
                guard state.count <= limit else { return false }
                buffer.withUnsafeReadableBytes { state.hash.update(bufferPointer: $0) }
                return true
            }
            guard within else { throw APIError(.payloadTooLarge, "the body is larger than this producer's limit of \(limit) bytes") }
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), limit: limit, meter: meter) }

    struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        let meter: Meter

        mutating func next() async throws -> ByteBuffer? {
            let buffer: ByteBuffer?
            do {
                buffer = try await base.next()
            } catch {
                throw BodyReadError(reason: "\(error)")
            }
            guard let buffer else { return nil }
            try meter.add(buffer, limit: limit)
            return buffer
        }
    }
}
