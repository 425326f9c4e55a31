import _CryptoExtras
import Crypto
import Foundation

/// A signing key made in the test, published as a JWK and used to sign tokens without jwt-kit, so that what
/// the authenticator accepts is checked against a separate implementation of JWS (RFC 7515, 7518, 8037).
struct TestSigningKey: Sendable {
    enum Material: Sendable {
        case p256(P256.Signing.PrivateKey)
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    var kid: String
    var material: Material

    static func es256(kid: String) -> TestSigningKey {
        TestSigningKey(kid: kid, material: .p256(P256.Signing.PrivateKey()))
    }

    static func rs256(kid: String) throws -> TestSigningKey {
        TestSigningKey(kid: kid, material: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)))
    }

    static func eddsa(kid: String) -> TestSigningKey {
        TestSigningKey(kid: kid, material: .ed25519(Curve25519.Signing.PrivateKey()))
    }

    /// The JWS `alg` this key signs with.
    var algorithm: String {
        switch material {
        case .p256: "ES256"
        case .rsa: "RS256"
        case .ed25519: "EdDSA"
        }
    }

    /// The public key as it goes into the JWKS.
    func publicJWK() throws -> [String: String] {
        switch material {
        case .p256(let key):
            let point = key.publicKey.rawRepresentation  // x || y, 32 bytes each
            return ["kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
                    "x": Base64URL.encode(point.prefix(32)), "y": Base64URL.encode(point.suffix(32))]
        case .rsa(let key):
            let primitives = try key.publicKey.getKeyPrimitives()
            return ["kty": "RSA", "kid": kid, "use": "sig",
                    "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent)]
        case .ed25519(let key):
            return ["kty": "OKP", "crv": "Ed25519", "kid": kid, "x": Base64URL.encode(key.publicKey.rawRepresentation)]
        }
    }

    /// The public key's bytes, as an attacker would take them for an HMAC secret.
    var publicKeyBytes: Data {
        switch material {
        case .p256(let key): key.publicKey.x963Representation
        case .rsa(let key): key.publicKey.derRepresentation
        case .ed25519(let key): key.publicKey.rawRepresentation
        }
    }

    /// The JWS signature over `input`: ECDSA as r || s (RFC 7518 3.4), RSA with PKCS#1 v1.5 and SHA-256.
    func sign(_ input: Data) throws -> Data {
        switch material {
        case .p256(let key): try key.signature(for: input).rawRepresentation
        case .rsa(let key): try key.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation
        case .ed25519(let key): try key.signature(for: input)
        }
    }
}

/// Compact JWS serialisation, built by hand.
enum TestToken {
    /// `header.payload.signature` with `sign` applied to `header.payload`.
    static func make(header: [String: Any], claims: [String: Any], sign: (Data) throws -> Data) throws -> String {
        let input = try encode(header) + "." + encode(claims)
        return input + "." + Base64URL.encode(try sign(Data(input.utf8)))
    }

    /// A token signed by `key` with its own algorithm and kid.
    static func make(_ claims: [String: Any], signedBy key: TestSigningKey) throws -> String {
        try make(header: ["alg": key.algorithm, "kid": key.kid, "typ": "JWT"], claims: claims, sign: key.sign)
    }

    private static func encode(_ object: [String: Any]) throws -> String {
        Base64URL.encode(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

/// RFC 4648 section 5, without padding.
enum Base64URL {
    static func encode(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
