import Foundation
import Hummingbird
import Logging
import NIOCore

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
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "test-issuer")
    logger.logLevel = .critical
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
        let answer = try await issuer.answer(path: request.uri.path)
        return Response(status: answer.status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
    let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
                          logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.runService(gracefulShutdownSignals: [])
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let baseURL = "http://127.0.0.1:\(port)"
        await issuer.started(at: baseURL)
        let result = try await body(baseURL)
        group.cancelAll()
        return result
    }
}
