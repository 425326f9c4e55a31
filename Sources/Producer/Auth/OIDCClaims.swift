import Foundation
import JWTKit

/// The claims of a token this producer reads. Every claim is optional when decoding, so that a missing one is
/// refused by name in `principal` rather than as an undecodable payload; `scope`, `scp` and `tenant` of an
/// unexpected JSON type count as absent.
struct OIDCClaims: JWTPayload {
    var iss: IssuerClaim?
    var sub: SubjectClaim?
    var aud: AudienceClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    /// Space-separated, as RFC 8693 and most issuers write it.
    var scope: String?
    /// An array, as some issuers (Azure AD, Okta) write it.
    var scp: [String]?
    var tenant: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decodeIfPresent(IssuerClaim.self, forKey: .iss)
        sub = try container.decodeIfPresent(SubjectClaim.self, forKey: .sub)
        aud = try container.decodeIfPresent(AudienceClaim.self, forKey: .aud)
        exp = try container.decodeIfPresent(ExpirationClaim.self, forKey: .exp)
        nbf = try container.decodeIfPresent(NotBeforeClaim.self, forKey: .nbf)
        scope = try? container.decodeIfPresent(String.self, forKey: .scope)
        scp = try? container.decodeIfPresent([String].self, forKey: .scp)
        tenant = try? container.decodeIfPresent(String.self, forKey: .tenant)
    }

    /// jwt-kit calls this after the signature verifies. The claims are checked in `principal` instead, where
    /// the issuer, audience and clock are known and each refusal can say which claim failed.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// Checks the claims in a fixed order and names the first that fails. A missing scope is the only
    /// `forbidden`: the token is genuine and current, it just does not grant this producer's permission.
    func principal(issuer: String, audience: String, requiredScope: String?, now: Date,
                   leeway: TimeInterval) throws(AuthenticationError) -> Principal {
        guard iss?.value == issuer else {
            throw AuthenticationError(.unauthenticated, "the token's issuer (iss) is not \(issuer)")
        }
        guard let aud, aud.value.contains(audience) else {
            throw AuthenticationError(.unauthenticated, "the token's audience (aud) does not include \(audience)")
        }
        guard let exp else {
            throw AuthenticationError(.unauthenticated, "the token has no expiry (exp)")
        }
        guard now < exp.value.addingTimeInterval(leeway) else {
            throw AuthenticationError(.unauthenticated, "the token expired (exp) more than \(Int(leeway)) s ago")
        }
        if let nbf, nbf.value > now.addingTimeInterval(leeway) {
            throw AuthenticationError(.unauthenticated, "the token is not valid yet (nbf is more than \(Int(leeway)) s ahead)")
        }
        guard let sub, !sub.value.isEmpty else {
            throw AuthenticationError(.unauthenticated, "the token has no subject (sub)")
        }
        if let requiredScope, !scopes.contains(requiredScope) {
            throw AuthenticationError(.forbidden, "the token does not grant the scope \(requiredScope)")
        }
        return Principal(id: "\(issuer)#\(sub.value)", tenant: tenant)
    }

    private var scopes: Set<String> {
        Set((scope ?? "").split(separator: " ").map(String.init)).union(scp ?? [])
    }
}
