import AsyncHTTPClient
import Foundation

/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`) exchanged for role
/// credentials with STS AssumeRoleWithWebIdentity (EKS IRSA). The token file is reread on every refresh.
public struct WebIdentityCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    let httpClient: HTTPClient

    public init(environment: AWSEnvironment, httpClient: HTTPClient = .aws) {
        self.environment = environment
        self.httpClient = httpClient
    }

    public func credentials() async throws -> AWSCredentials {
        let provider = "web identity"
        guard let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] else {
            throw CredentialProviderError(provider: provider, kind: .notConfigured, reason: "AWS_WEB_IDENTITY_TOKEN_FILE is not set")
        }
        guard let roleARN = environment["AWS_ROLE_ARN"] else {
            throw CredentialProviderError(provider: provider, kind: .invalid, reason: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        guard let token = FileManager.default.contents(atPath: tokenFile) else {
            throw CredentialProviderError(provider: provider, kind: .unavailable, reason: "cannot read AWS_WEB_IDENTITY_TOKEN_FILE \(tokenFile)")
        }
        let sts = try STSClient(environment: environment, region: nil, credentials: nil, httpClient: httpClient)
        return try await sts.assumeRoleWithWebIdentity(
            roleARN: roleARN, sessionName: environment["AWS_ROLE_SESSION_NAME"] ?? "nitroforge-\(Int(Date().timeIntervalSince1970))",
            token: String(decoding: token, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
