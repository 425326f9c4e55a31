import AWSCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The KMS stand-in behind the development front (moto), called with the front's own credentials: the
/// caller's signature was checked by the front and cannot cover a body the front changed.
struct KMSUpstream: Sendable {
    let client: AWSClient

    init(url: URL, credentials: AWSCredentials, region: String, httpClient: HTTPClient) throws {
        client = AWSClient(service: .kms, region: region, endpoint: try AWSEndpoint(url: url.absoluteString),
                           credentials: StaticCredentialProvider(credentials), retry: RetryConfiguration(maxAttempts: 1),
                           httpClient: httpClient)
    }

    /// Sends one KMS JSON request; an error answer comes back as a reply, as the client would have seen it.
    func call(_ operation: String, body: [UInt8]) async throws -> DevelopmentKMSFront.Reply {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/x-amz-json-1.1")
        headers.add(name: "x-amz-target", value: "TrentService.\(operation)")
        do {
            let response = try await client.send(AWSRequest(method: .POST, headers: headers, body: .buffer(ByteBuffer(bytes: body))),
                                                 operation: operation)
            return DevelopmentKMSFront.Reply(status: Int(response.status.code), body: response.bodyBytes)
        } catch let error as AWSServiceError where error.statusCode != nil {
            return DevelopmentKMSFront.error(error.code, error.message, status: error.statusCode ?? 400)
        }
    }

    /// A JSON call whose answer the front itself reads (`DescribeKey`, `GetKeyPolicy`).
    func json(_ operation: String, _ input: [String: Any]) async throws -> [String: Any]? {
        let reply = try await call(operation, body: Array(try JSONSerialization.data(withJSONObject: input)))
        guard reply.status == 200 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
    }
}
