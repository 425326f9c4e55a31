import AsyncHTTPClient
import Foundation
import NIOCore

/// The `http` processor: POSTs each job's plaintext to a server inside the enclave (the seed's
/// `processData`) and takes a 2xx response body as the result.
public struct HTTPProcessor: Processor {
    public let url: URL
    public let client: HTTPClient
    /// How long a job waits for the server to answer before its POST: set when the server restarts while
    /// jobs are taken (a new model restarts it), so a job arriving meanwhile waits instead of failing.
    public let startupWait: Duration?

    public init(url: URL, client: HTTPClient = .shared, startupWait: Duration? = nil) {
        self.url = url
        self.client = client
        self.startupWait = startupWait
    }

    public func process<Input: AsyncSequence & Sendable>(_ input: Input, job: ProcessorJob) async throws -> ByteBuffer
        where Input.Element == ByteBuffer {
        if let startupWait { try await ProcessorSupervisor.waitUntilAnswering(url, timeout: startupWait, client: client) }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "X-Nitroforge-Job", value: job.jobID)
        request.body = .stream(input, length: .unknown)
        let response = try await client.execute(request, timeout: .hours(24))
        guard (200..<300).contains(response.status.code) else {
            throw ProcessorFailure("\(url) answered HTTP \(response.status.code)")
        }
        do {
            return try await response.body.collect(upTo: job.maxResultBytes)
        } catch is NIOTooManyBytesError {
            throw ProcessorFailure("\(url) answered with more than the \(job.maxResultBytes) result bytes allowed")
        }
    }
}
