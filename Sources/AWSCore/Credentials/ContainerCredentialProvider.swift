import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// ECS/EKS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (HTTPS, or HTTP to a loopback or the ECS/EKS link-local host),
/// with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`/`_TOKEN` as the Authorization header.
public struct ContainerCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    let httpClient: HTTPClient
    /// Where relative URIs are resolved; fixed by ECS, changed only by tests.
    let relativeBase: String
    static let allowedHTTPHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]

    public init(environment: AWSEnvironment, httpClient: HTTPClient = .aws, relativeBase: String = "http://169.254.170.2") {
        self.environment = environment
        self.httpClient = httpClient
        self.relativeBase = relativeBase
    }

    public func credentials() async throws -> AWSCredentials {
        let provider = "container endpoint"
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = relativeBase + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            let endpoint = try AWSEndpoint(url: full)
            guard endpoint.scheme == "https" || Self.allowedHTTPHosts.contains(endpoint.host) || endpoint.host.hasPrefix("127.") else {
                throw CredentialProviderError(provider: provider, kind: .invalid,
                                              reason: "AWS_CONTAINER_CREDENTIALS_FULL_URI \(full) must be HTTPS or a loopback/ECS/EKS host")
            }
            url = full
        } else {
            throw CredentialProviderError(provider: provider, kind: .notConfigured, reason: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI are not set")
        }
        var headers = HTTPHeaders()
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw CredentialProviderError(provider: provider, kind: .unavailable, reason: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile)")
            }
            headers.add(name: "authorization", value: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            headers.add(name: "authorization", value: token)
        }
        let body = try await CredentialsDocument.fetch(url, headers: headers, httpClient: httpClient, provider: provider, timeout: .seconds(5))
        return try CredentialsDocument.decode(body, provider: provider)
    }
}
