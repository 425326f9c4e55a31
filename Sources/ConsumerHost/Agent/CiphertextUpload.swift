import AsyncHTTPClient
import JobProtocol
import NIOCore

/// Writes one request and its S3 object to the enclave: the request, the object in `data` frames of at most
/// the frame limit, then `end`. Shared by jobs and the model, which travel the same way.
struct CiphertextUpload: Sendable {
    let chunkLimit: Int

    /// True when all was written. A write that fails is not thrown from here: the connection is broken, and the
    /// receiving side says how (the enclave's failure frame, when it sent one, is the better reason). S3
    /// ending early, or sending more than it announced, is reported.
    func send(_ request: JobRequest, body: HTTPClientResponse.Body, length: Int64, key: String,
              to outbound: NIOAsyncChannelOutboundWriter<JobFrame>, progress: JobProgress) async throws -> Bool {
        do {
            try await outbound.write(.request(request))
        } catch {
            return false
        }
        var sent: Int64 = 0
        var iterator = body.makeAsyncIterator()
        while true {
            let next: ByteBuffer?
            do {
                next = try await iterator.next()
            } catch {
                throw HostJobError.inputUnavailable(key: key, reason: "S3 failed mid-object: \(error)")
            }
            guard var buffer = next else { break }
            sent += Int64(buffer.readableBytes)
            guard sent <= length else {
                throw HostJobError.inputUnavailable(key: key, reason: "S3 sent more than the \(length) bytes it announced")
            }
            while buffer.readableBytes > 0 {
                let chunk = buffer.readSlice(length: min(chunkLimit, buffer.readableBytes))!
                do {
                    try await outbound.write(.data(chunk))
                } catch {
                    return false
                }
                progress.sent(chunk.readableBytes)
            }
        }
        guard sent == length else { throw HostJobError.inputTruncated(key: key, sent: sent, expected: length) }
        do {
            try await outbound.write(.end)
            return true
        } catch {
            return false
        }
    }
}
