import Foundation
import Hummingbird
import JobProtocol
import Logging
import NIOCore
import NitroFormats

/// The API's handlers (described by `ProducerOpenAPI.document`): authentication, limits and the JSON
/// answers around `JobSubmitter`, `JobStatusLookup` and `Readiness`.
struct ProducerRoutes: Sendable {
    let configuration: ProducerConfiguration
    let authenticator: any Authenticator
    let submitter: JobSubmitter
    let idempotency: IdempotencyStore
    let lookup: JobStatusLookup
    let readiness: Readiness
    let metrics: ProducerMetrics
    let rateLimiter: RateLimiter
    let gate: ConcurrencyGate

    func register(on router: Router<BasicRequestContext>) {
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.post("/v1/jobs") { request, context in try await submit(request, context) }
        router.post("/encrypt") { request, context in try await submit(request, context) }
        router.get("/v1/jobs/:id") { request, context in try await status(request, context) }
        router.get("/healthz") { _, _ in json(.ok, "{\"status\":\"ok\"}") }
        router.get("/readyz") { _, _ in await ready() }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
        }
        router.get("/openapi.json") { _, _ in json(.ok, ProducerOpenAPI.document) }
        for (path, allowed) in [("/v1/jobs", [HTTPRequest.Method.post]), ("/encrypt", [.post]), ("/v1/jobs/:id", [.get]),
                                ("/healthz", [.get]), ("/readyz", [.get]), ("/metrics", [.get]),
                                ("/openapi.json", [.get])] {
            refuseOtherMethods(on: router, path: path, allowed: allowed)
        }
    }

    /// 405 with `Allow` for a method the path does not have (404 would say the path does not exist).
    private func refuseOtherMethods(on router: Router<BasicRequestContext>, path: String, allowed: [HTTPRequest.Method]) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect, HTTPRequest.Method("QUERY")!]
        for method in methods where !allowed.contains(method) {
            router.on(RouterPath(path), method: method) { request, _ -> Response in
                throw APIError(.methodNotAllowed, "\(request.method.rawValue) is not a method of \(path); allowed: \(allow)", allow: allow)
            }
        }
    }

    /// Who is calling, within their rate.
    private func admit(_ request: Request) async throws(APIError) -> Principal {
        let principal: Principal
        do {
            principal = try await authenticator.authenticate(request.credential())
        } catch let error as AuthenticationError {
            switch error.kind {
            case .unauthenticated: throw APIError(.unauthorized, error.reason)
            case .forbidden: throw APIError(.forbidden, error.reason)
            case .unavailable: throw APIError(.serviceUnavailable, error.reason, retryAfter: 5)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.unauthorized, "\(error)")
        }
        if let wait = rateLimiter.admit(principal.id) {
            throw APIError(.tooManyRequests, "more than \(configuration.limits.requestsPerMinutePerPrincipal) requests a minute from \(principal.id)",
                           retryAfter: wait)
        }
        return principal
    }

    private func submit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let principal = try await admit(request)
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else { throw APIError(.badRequest, "Content-Length \"\(declared)\" is not a byte count") }
            guard length <= configuration.maxPayloadBytes else {
                throw APIError(.payloadTooLarge, "Content-Length \(length) is larger than this producer's limit of \(configuration.maxPayloadBytes) bytes")
            }
        }
        let idempotencyKey = request.headers[.idempotencyKey]
        if let idempotencyKey { try IdempotencyStore.validate(idempotencyKey) }
        guard gate.enter() else {
            throw APIError(.serviceUnavailable, "the producer is at its limit of \(configuration.limits.maxConcurrentRequests) concurrent submissions", retryAfter: 1)
        }
        defer { gate.leave() }

        var recordKey: String?
        if let idempotencyKey {
            switch try await idempotency.reserve(principal: principal, key: idempotencyKey) {
            case .replay(let accepted): return try accepted.response()
            case .inProgress: throw APIError(.conflict, "a request with this Idempotency-Key is still being processed; retry when it has finished")
            case .reserved(let key): recordKey = key
            }
        }
        do {
            let accepted = try await withTimeout(seconds: configuration.limits.requestTimeoutSeconds) {
                try await submitter.submit(request.body, principal: principal, logger: context.logger)
            }
            if let recordKey { try await idempotency.complete(recordKey: recordKey, with: accepted) }
            return try accepted.response()
        } catch {
            if let recordKey { await idempotency.release(recordKey: recordKey) }
            throw error
        }
    }

    private func status(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let principal = try await admit(request)
        let text = context.parameters.get("id") ?? ""
        guard let jobID = JobID(text) else { throw APIError(.badRequest, "\"\(text)\" is not a job id (a lower-case UUIDv7)") }
        let status = try await lookup.status(of: jobID, for: principal)
        return json(.ok, "{\"jobId\":\"\(jobID.text)\",\"status\":\"\(status.rawValue)\"}")
    }

    private func ready() async -> Response {
        let checks = await readiness.check()
        let ready = checks.allSatisfy { $0.1 == nil }
        let members = checks.map { name, problem in "\"\(name)\":\(problem.map(JSONStringLiteral.quote) ?? "\"ok\"")" }.joined(separator: ",")
        return json(ready ? .ok : .serviceUnavailable, "{\"status\":\"\(ready ? "ready" : "not ready")\",\"checks\":{\(members)}}")
    }

    /// Runs `work`, cancelling it with 408 after `seconds`: a stalled client or upload never holds a slot forever.
    private func withTimeout<T: Sendable>(seconds: Int, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw APIError(.requestTimeout, "the request did not finish within \(seconds) s")
            }
            return value
        }
    }
}

func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
}

extension JobAccepted {
    func response() throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return json(.accepted, String(decoding: try encoder.encode(self), as: UTF8.self))
    }
}
