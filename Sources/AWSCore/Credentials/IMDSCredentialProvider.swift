import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// EC2 instance-role credentials through IMDSv2: a session token from `PUT /latest/api/token`, then the
/// role name and its credentials under `/latest/meta-data/iam/security-credentials/`, each with the token.
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it; `AWS_EC2_METADATA_DISABLED=true` turns it off.
public struct IMDSCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    let httpClient: HTTPClient
    static let tokenTTLSeconds = 21600

    public init(environment: AWSEnvironment, httpClient: HTTPClient = .aws) {
        self.environment = environment
        self.httpClient = httpClient
    }

    public func credentials() async throws -> AWSCredentials {
        let provider = "EC2 instance metadata"
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw CredentialProviderError(provider: provider, kind: .notConfigured, reason: "AWS_EC2_METADATA_DISABLED is true")
        }
        var base = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        if base.hasSuffix("/") { base.removeLast() }
        var tokenHeaders = HTTPHeaders()
        tokenHeaders.add(name: "x-aws-ec2-metadata-token-ttl-seconds", value: String(Self.tokenTTLSeconds))
        let token = try await CredentialsDocument.fetch("\(base)/latest/api/token", method: .PUT, headers: tokenHeaders,
                                                        httpClient: httpClient, provider: provider, timeout: .seconds(1))
        var headers = HTTPHeaders()
        headers.add(name: "x-aws-ec2-metadata-token", value: String(buffer: token))
        let listing = try await CredentialsDocument.fetch("\(base)/latest/meta-data/iam/security-credentials/", headers: headers,
                                                          httpClient: httpClient, provider: provider, timeout: .seconds(1))
        guard let role = String(buffer: listing).split(whereSeparator: \.isNewline).first else {
            throw CredentialProviderError(provider: provider, kind: .unavailable, reason: "the instance has no IAM role")
        }
        let body = try await CredentialsDocument.fetch("\(base)/latest/meta-data/iam/security-credentials/\(role)", headers: headers,
                                                       httpClient: httpClient, provider: provider, timeout: .seconds(1))
        return try CredentialsDocument.decode(body, provider: provider)
    }
}
