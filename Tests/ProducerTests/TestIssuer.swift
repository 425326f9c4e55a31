import Foundation
import Hummingbird
import NitroTestSupport

/// An OIDC issuer on 127.0.0.1 for the tests: it serves a discovery document and a JWKS whose keys the test
/// can change (rotation), and counts what it was asked for.
actor TestIssuer {
    private(set) var jwksFetches = 0
    private(set) var discoveryFetches = 0
    private var jwks = Data(#"{"keys":[]}"#.utf8)
    private var baseURL = ""

    /// Publishes `keys` (and any `extra` JWKs, such as a symmetric one) as the JWKS from now on.
    func publish(_ keys: [TestSigningKey], extra: [[String: String]] = []) throws {
        jwks = try JSONSerialization.data(withJSONObject: ["keys": try keys.map { try $0.publicJWK() } + extra])
    }

    fileprivate func started(at baseURL: String) {
        self.baseURL = baseURL
    }

    fileprivate func answer(path: String) throws -> (status: HTTPResponse.Status, body: Data) {
        switch path {
        case "/jwks":
            jwksFetches += 1
            return (.ok, jwks)
        case "/.well-known/openid-configuration":
            discoveryFetches += 1
            return (.ok, try JSONSerialization.data(withJSONObject: ["issuer": baseURL, "jwks_uri": baseURL + "/jwks"]))
        default:
            return (.notFound, Data())
        }
    }
}

/// Runs `body` with `issuer` served on a free 127.0.0.1 port, passing its base URL (the issuer identifier),
/// then stops the server.
func withServed<T: Sendable>(_ issuer: TestIssuer, _ body: @Sendable (String) async throws -> T) async throws -> T {
    try await withLoopbackServer({ request in
        let path = String(request.target.split(separator: "?", maxSplits: 1).first ?? "")
        guard let answer = try? await issuer.answer(path: path) else { return CannedResponse(status: 500) }
        return CannedResponse(status: Int(answer.status.code), headers: ["content-type": "application/json"],
                              body: String(decoding: answer.body, as: UTF8.self))
    }, { baseURL in
        await issuer.started(at: baseURL)
        return try await body(baseURL)
    })
}
