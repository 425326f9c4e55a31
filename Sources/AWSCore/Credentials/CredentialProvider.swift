/// Something that yields credentials: a fixed pair, the environment, a profile, an HTTP endpoint.
public protocol CredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// Why a provider yielded nothing. `notConfigured` lets a chain move on to its next provider;
/// the other cases stop the chain, because the user configured that source and it is broken.
public struct CredentialProviderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notConfigured
        case invalid
        case unavailable
    }

    public var provider: String
    public var kind: Kind
    public var reason: String

    public init(provider: String, kind: Kind, reason: String) {
        self.provider = provider
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "credentials from \(provider): \(reason)" }
}

/// Credentials given directly (tests, or keys a caller obtained itself).
public struct StaticCredentialProvider: CredentialProvider {
    let value: AWSCredentials

    public init(_ credentials: AWSCredentials) {
        value = credentials
    }

    public func credentials() async throws -> AWSCredentials { value }
}
