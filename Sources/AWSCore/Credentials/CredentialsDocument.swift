import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The JSON both IMDS and the container endpoints answer with.
struct CredentialsDocument: Decodable {
    var AccessKeyId: String
    var SecretAccessKey: String
    var Token: String?
    var Expiration: String?

    var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: Token,
                       expiration: Expiration.flatMap(parseISO8601))
    }

    /// One HTTP exchange with a credentials endpoint; any failure is `unavailable` from `provider`.
    static func fetch(_ url: String, method: HTTPMethod = .GET, headers: HTTPHeaders, httpClient: HTTPClient,
                      provider: String, timeout: TimeAmount) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw CredentialProviderError(provider: provider, kind: .unavailable, reason: "\(method) \(url): \(error)")
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            throw CredentialProviderError(provider: provider, kind: .unavailable, reason: "\(method) \(url) answered HTTP \(response.status.code)")
        }
        return body
    }

    static func decode(_ body: ByteBuffer, provider: String) throws -> AWSCredentials {
        do {
            return try JSONDecoder().decode(CredentialsDocument.self, from: Data(body.readableBytesView)).credentials
        } catch {
            throw CredentialProviderError(provider: provider, kind: .invalid, reason: "the credentials document is not valid: \(error)")
        }
    }
}
