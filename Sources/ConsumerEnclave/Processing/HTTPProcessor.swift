import AsyncHTTPClient
import Foundation
import NIOCore

/// The `http` processor: POSTs each job's plaintext to a server inside the enclave (the seed's
/// `processData`) and takes a 2xx response body as the result.
public struct HTTPProcessor: Processor {
    public let url: URL
    public let client: HTTPClient

    public init(url: URL, client: HTTPClient = .shared) {
        self.url = url
        self.client = client
    }

    public func process<Input: AsyncSequence & Sendable>(_ input: Input, job: ProcessorJob) async throws -> ByteBuffer
        where Input.Element == ByteBuffer {
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
