import Envelope
import JobProtocol
import NIOCore

/// Stands between the decrypting stream and the processor. It remembers whether the input ended cleanly
/// or failed to verify, so that after the processor returns the session can tell a processor failure
/// from an input failure, and read (and so verify) whatever the processor left unread.
final class InputTap<Base: AsyncSequence & Sendable>: @unchecked Sendable where Base.Element == ByteBuffer {
    private var iterator: Base.AsyncIterator
    private let maxBytes: Int
    private(set) var bytes = 0
    private(set) var finished = false
    private(set) var failure: (any Error)?

    init(_ base: Base, maxBytes: Int) {
        iterator = base.makeAsyncIterator()
        self.maxBytes = maxBytes
    }

    /// The first chunk, read by `prime()` and not yet handed out.
    private var primed: ByteBuffer?

    /// Reads the first chunk, so the header is parsed, its data key opened through KMS and the message
    /// admitted before any processor starts: a refused job never reaches the workload at all.
    func prime() async throws {
        primed = try await next()
    }

    func next() async throws -> ByteBuffer? {
        if let chunk = primed {
            primed = nil
            return chunk
        }
        if let failure { throw failure }
        guard !finished else { return nil }
        do {
            guard let chunk = try await iterator.next() else {
                finished = true
                return nil
            }
            bytes += chunk.readableBytes
            guard bytes <= maxBytes else {
                throw JobFailure(.refusedInput, "the plaintext is longer than the \(maxBytes) bytes allowed")
            }
            return chunk
        } catch {
            failure = error
            throw error
        }
    }

    /// Reads to the end, discarding, so the whole message is verified even if the processor stopped early.
    func drain() async throws {
        while try await next() != nil {}
    }

    /// What the processor reads.
    var sequence: Sequence { Sequence(tap: self) }

    struct Sequence: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let tap: InputTap

        func makeAsyncIterator() -> Iterator { Iterator(tap: tap) }

        struct Iterator: AsyncIteratorProtocol {
            let tap: InputTap
            mutating func next() async throws -> ByteBuffer? { try await tap.next() }
        }
    }
}
