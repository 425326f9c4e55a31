import JobProtocol
import NIOCore

/// The inbound frames of one job connection, read by one task at a time (the session reads the request,
/// then hands the reader to the ciphertext stream). NIO allows one iterator per inbound stream, so the
/// iterator lives here rather than being made twice.
final class FrameReader: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<JobFrame>.AsyncIterator

    init(_ inbound: NIOAsyncChannelInboundStream<JobFrame>) {
        iterator = inbound.makeAsyncIterator()
    }

    func next() async throws -> JobFrame? {
        try await iterator.next()
    }
}

/// The job's ciphertext: the `data` frames up to `end`, exactly as many bytes as the request announced.
struct CiphertextFrames: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let reader: FrameReader
    let announcedBytes: UInt64

    func makeAsyncIterator() -> Iterator { Iterator(reader: reader, announcedBytes: announcedBytes) }

    struct Iterator: AsyncIteratorProtocol {
        let reader: FrameReader
        let announcedBytes: UInt64
        var received: UInt64 = 0
        var ended = false

        mutating func next() async throws -> ByteBuffer? {
            guard !ended else { return nil }
            while true {
                switch try await reader.next() {
                case .data(let chunk):
                    received += UInt64(chunk.readableBytes)
                    guard received <= announcedBytes else {
                        throw JobFailure(.badRequest, "the host sent more than the \(announcedBytes) ciphertext bytes it announced")
                    }
                    if chunk.readableBytes > 0 { return chunk }
                case .end:
                    ended = true
                    guard received == announcedBytes else {
                        throw JobFailure(.badRequest, "the host sent \(received) ciphertext bytes, not the \(announcedBytes) it announced")
                    }
                    return nil
                case .heartbeat:
                    continue
                case nil:
                    throw JobFailure(.badRequest, "the connection ended after \(received) of \(announcedBytes) ciphertext bytes")
                case .some(let other):
                    throw JobFailure(.badRequest, "a \(other.kind) frame arrived inside the ciphertext")
                }
            }
        }
    }
}
