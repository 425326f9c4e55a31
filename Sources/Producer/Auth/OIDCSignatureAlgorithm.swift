import JWTKit

/// The signature algorithms a token may use. Asymmetric only: a key the issuer publishes for verifying can
/// then never serve as a signing secret (HS256 with the public key as its HMAC key), and `none` is no algorithm.
enum OIDCSignatureAlgorithm: String, Sendable, CaseIterable {
    case rs256 = "RS256"
    case es256 = "ES256"
    case eddsa = "EdDSA"

    /// The one algorithm a published key verifies, or nil for a key this producer does not use: another key
    /// type or curve, or a key whose own `alg` names another algorithm.
    init?(key: JWK) {
        let curve = key.curve?.rawValue
        if key.keyType == .rsa {
            self = .rs256
        } else if key.keyType == .ecdsa, curve == ECDSACurve.p256.rawValue {
            self = .es256
        } else if key.keyType == .octetKeyPair, curve == EdDSACurve.ed25519.rawValue {
            self = .eddsa
        } else {
            return nil
        }
        if let declared = key.algorithm, declared != jwkAlgorithm { return nil }
    }

    /// The same algorithm as jwt-kit names it for a JWK.
    var jwkAlgorithm: JWK.Algorithm {
        switch self {
        case .rs256: .rs256
        case .es256: .es256
        case .eddsa: .eddsa
        }
    }

    /// For refusals: the accepted names, in a fixed order.
    static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
