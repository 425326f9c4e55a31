import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What a loopback test server saw.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path with the query string, as sent.
    public var target: String
    /// Lower-case names.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// What it answers.
public struct CannedResponse: Sendable {
    public var status: Int
    public var headers: [String: String] = [:]
    public var body: String = ""

    public init(status: Int, headers: [String: String] = [:], body: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Runs `body` with an HTTP server on a free 127.0.0.1 port answering every request with `handler`,
/// then stops the server. Used where a test must control the answers (IMDS, container endpoint, retries,
/// KMS `Recipient`, an OIDC issuer), never where moto can answer.
public func withLoopbackServer<T: Sendable>(_ handler: @escaping @Sendable (RecordedRequest) async -> CannedResponse,
                                     _ body: @Sendable (String) async throws -> T) async throws -> T {
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "loopback")
    logger.logLevel = .critical
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        // HTTP/1 `Host` arrives as the request's authority.
        if let authority = request.head.authority { headers["host"] = authority }
        let answer = await handler(RecordedRequest(method: request.method.rawValue, target: request.uri.description,
                                                   headers: headers, body: Array(bytes.readableBytesView)))
        var fields = HTTPFields()
        for (name, value) in answer.headers { fields[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
    let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.runService(gracefulShutdownSignals: [])
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let result = try await body("http://127.0.0.1:\(port)")
        group.cancelAll()
        return result
    }
}

/// Requests a loopback server saw, in order.
public actor RequestLog {
    public private(set) var requests: [RecordedRequest] = []

    public init() {}

    public func append(_ request: RecordedRequest) {
        requests.append(request)
    }
}
