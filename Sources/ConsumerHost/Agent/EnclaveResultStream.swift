import JobProtocol
import NIOCore

/// The enclave's answer on a jobs connection as a stream of result ciphertext: `data` frames are its
/// elements, `end` finishes it, and everything else that can end it early throws. A consumer that stores
/// the stream (S3's upload) therefore sees an error, never a clean end, unless the enclave said `end`, so a
/// result cut short is aborted rather than stored. Heartbeats are counted and skipped.
struct EnclaveResultStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let inbound: NIOAsyncChannelInboundStream<JobFrame>
    let progress: JobProgress

    func makeAsyncIterator() -> Iterator {
        Iterator(frames: inbound.makeAsyncIterator(), progress: progress)
    }

    struct Iterator: AsyncIteratorProtocol {
        var frames: NIOAsyncChannelInboundStream<JobFrame>.AsyncIterator
        let progress: JobProgress
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            while true {
                let frame: JobFrame?
                do {
                    frame = try await frames.next()
                } catch {
                    finished = true
                    throw HostJobError.connectionLost(reason: "\(error)")
                }
                switch frame {
                case nil:
                    finished = true
                    throw HostJobError.connectionLost(reason: "the enclave closed the connection")
                case .heartbeat:
                    progress.heartbeat()
                case .data(let chunk):
                    progress.received(chunk.readableBytes)
                    if chunk.readableBytes > 0 { return chunk }
                case .end:
                    finished = true
                    return nil
                case .failure(let failure):
                    finished = true
                    throw HostJobError.enclaveFailed(failure)
                case .request, .log:
                    finished = true
                    throw HostJobError.protocolViolation("a \(frame!.kind) frame on the jobs connection")
                }
            }
        }
    }
}
