/// What a request presents: a bearer value from `Authorization: Bearer …`, or an `X-API-Key` header.
public enum Credential: Sendable, Equatable {
    case bearer(String)
    case apiKey(String)

    /// The value, whichever header carried it.
    public var secret: String {
        switch self {
        case .bearer(let value), .apiKey(let value): value
        }
    }
}

/// Turns a request's credential into a principal. One implementation per `auth:` choice of the producer
/// configuration (API keys, OIDC); the server knows only this protocol.
public protocol Authenticator: Sendable {
    func authenticate(_ credential: Credential) async throws(AuthenticationError) -> Principal
}

/// Why a credential was refused. The reason is for the log and the client; it never repeats the credential.
public struct AuthenticationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No credential, or one that is not valid (wrong key, bad signature, expired, another audience): 401.
        case unauthenticated
        /// A valid credential without the permission asked for (the required scope): 403.
        case forbidden
        /// The identity provider could not be reached to check the credential (JWKS fetch failed): 503.
        case unavailable
    }

    public var kind: Kind
    public var reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}
