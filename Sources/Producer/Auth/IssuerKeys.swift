import Foundation
import JWTKit

/// The issuer's verification keys from one JWKS, each under its `kid` and bound to the one algorithm it is for,
/// so a token cannot pick another algorithm for a key it names.
struct IssuerKeys: Sendable {
    /// A key a token may name: its algorithm, and the jwt-kit collection that holds it under the token's `kid`.
    struct Key: Sendable {
        let algorithm: OIDCSignatureAlgorithm
        let verifier: JWTKeyCollection
    }

    private let algorithms: [String: OIDCSignatureAlgorithm]
    private let verifier: JWTKeyCollection

    subscript(kid: String) -> Key? {
        algorithms[kid].map { Key(algorithm: $0, verifier: verifier) }
    }

    /// Reads a JWKS document. Keys this producer does not verify with are skipped rather than failing the set,
    /// because a JWKS may also publish encryption keys, symmetric keys or keys for other algorithms: those
    /// without a `kid`, with a `use` other than `sig`, of another type or curve, a `kid` seen before in the
    /// set (the first one counts), or material jwt-kit refuses.
    /// - Throws: `DecodingError` when the document is not a JWKS at all.
    init(json: Data) async throws {
        let document = try JSONDecoder().decode(Document.self, from: json)
        var algorithms: [String: OIDCSignatureAlgorithm] = [:]
        let verifier = JWTKeyCollection()
        for entry in document.keys {
            guard var key = entry.key, entry.use == nil || entry.use == "sig",
                  let kid = key.keyIdentifier?.string, algorithms[kid] == nil,
                  let algorithm = OIDCSignatureAlgorithm(key: key) else { continue }
            // Pinned so jwt-kit builds the verifier for this algorithm, never one the token's header asks for.
            key.algorithm = algorithm.jwkAlgorithm
            guard (try? await verifier.add(jwk: key)) != nil else { continue }
            algorithms[kid] = algorithm
        }
        self.algorithms = algorithms
        self.verifier = verifier
    }

    private struct Document: Decodable {
        var keys: [Entry]
    }

    /// One element of `keys`: nil `key` when jwt-kit cannot read it (an `oct` key, an unknown curve).
    private struct Entry: Decodable {
        var key: JWK?
        var use: String?

        private enum CodingKeys: String, CodingKey {
            case use
        }

        init(from decoder: any Decoder) throws {
            key = try? JWK(from: decoder)
            use = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .use)
        }
    }
}
