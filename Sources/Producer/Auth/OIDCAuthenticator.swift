import AsyncHTTPClient
import Foundation
import JWTKit

/// OIDC bearer tokens (JWTs) checked against the issuer's published keys (JWKS). The checks run in a fixed
/// order and the first failure is the answer: the header (algorithm, key), the signature, then the claims.
/// Refusals say what is wrong and never repeat the token.
public struct OIDCAuthenticator: Authenticator {
    /// Clock skew tolerated on `exp` and `nbf`.
    static let leeway: TimeInterval = 60

    private let configuration: ProducerConfiguration.OIDC
    private let keys: JWKSCache

    /// - Parameters:
    ///   - configuration: the issuer, audience, optional JWKS URL (else discovery) and required scope.
    ///   - httpClient: fetches the discovery document and the JWKS.
    ///   - minimumRefreshInterval: the least time between two JWKS fetches, whatever `kid`s tokens name.
    ///   - maximumKeyAge: how long fetched keys are trusted before they are fetched again.
    public init(configuration: ProducerConfiguration.OIDC, httpClient: HTTPClient = .shared,
                minimumRefreshInterval: Duration = .seconds(30), maximumKeyAge: Duration = .seconds(3600)) {
        self.configuration = configuration
        let source = JWKSSource(issuer: configuration.issuer, jwksURL: configuration.jwksURL, httpClient: httpClient)
        keys = JWKSCache(source: source, minimumRefreshInterval: minimumRefreshInterval, maximumAge: maximumKeyAge)
    }

    public func authenticate(_ credential: Credential) async throws(AuthenticationError) -> Principal {
        guard case .bearer(let token) = credential else {
            throw AuthenticationError(.unauthenticated, "this producer takes an OIDC bearer token, not an API key")
        }
        let key = try await key(for: token)
        let claims: OIDCClaims
        do {
            claims = try await key.verifier.verify(token, as: OIDCClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw AuthenticationError(.unauthenticated, "the token's signature does not verify with the issuer's key")
        } catch {
            throw AuthenticationError(.unauthenticated, "the token's signature or payload is malformed")
        }
        return try claims.principal(issuer: configuration.issuer, audience: configuration.audience,
                                    requiredScope: configuration.requiredScope, now: Date(), leeway: Self.leeway)
    }

    /// The issuer's key the token's header names, refusing any algorithm but the key's own.
    private func key(for token: String) async throws(AuthenticationError) -> IssuerKeys.Key {
        let header: JWTHeader
        do {
            header = try DefaultJWTParser().parse(Array(token.utf8), as: OIDCClaims.self).header
        } catch {
            throw AuthenticationError(.unauthenticated, "the token is not a well-formed JWT")
        }
        guard let algorithm = header.alg.flatMap(OIDCSignatureAlgorithm.init(rawValue:)) else {
            throw AuthenticationError(.unauthenticated, "the token's algorithm (alg) is not one of \(OIDCSignatureAlgorithm.names)")
        }
        // RFC 7515 4.1.11: a token whose critical extensions are not understood must be refused.
        guard header.fields["crit"] == nil else {
            throw AuthenticationError(.unauthenticated, "the token has critical header extensions (crit) this producer does not understand")
        }
        guard let kid = header.kid else {
            throw AuthenticationError(.unauthenticated, "the token names no key (kid)")
        }
        guard let key = try await keys.key(for: kid) else {
            throw AuthenticationError(.unauthenticated, "the token's key (kid) is unknown: the issuer's JWKS does not hold it")
        }
        guard key.algorithm == algorithm else {
            throw AuthenticationError(.unauthenticated, "the token's algorithm (alg) \(algorithm.rawValue) is not its key's \(key.algorithm.rawValue)")
        }
        return key
    }
}
