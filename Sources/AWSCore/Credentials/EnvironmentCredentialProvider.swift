import Foundation

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (and `AWS_CREDENTIAL_EXPIRATION`).
public struct EnvironmentCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    public func credentials() async throws -> AWSCredentials {
        guard let accessKeyID = environment["AWS_ACCESS_KEY_ID"] else {
            throw CredentialProviderError(provider: "environment", kind: .notConfigured, reason: "AWS_ACCESS_KEY_ID is not set")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw CredentialProviderError(provider: "environment", kind: .invalid, reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"],
                              expiration: environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(parseISO8601))
    }
}

/// `2019-11-09T13:34:41Z`, with or without fractional seconds: how STS, IMDS and ECS write expiry times.
func parseISO8601(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}
