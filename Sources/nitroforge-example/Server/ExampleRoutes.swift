import ExampleProcessors
import Hummingbird

/// The HTTP form of the processors: each request body is read in chunks, under a size limit, and the answer is
/// built completely before it is sent, so that invalid input late in a body still gets a 400 and no partial 200.
struct ExampleRoutes: Sendable {
    let model: LogisticModel
    let training: TrainingParameters
    let features: [String]?
    let maxBodyBytes: Int

    func register(on router: Router<BasicRequestContext>) {
        router.get("health") { _, _ in Self.text(.ok, "ok") }
        router.post("score") { request, _ in await score(request) }
        router.post("train") { request, _ in await train(request) }
    }

    func score(_ request: Request) async -> Response {
        var session = ScoringSession(model: model)
        var output = ""
        do {
            try await forEachChunk(of: request) { chunk in output += try session.consume(chunk.readableBytesView) }
            output += try session.finish()
        } catch {
            return Self.failure(error)
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: output)))
    }

    func train(_ request: Request) async -> Response {
        let model: LogisticModel
        do {
            var reader = try TrainingReader(features: features)
            try await forEachChunk(of: request) { chunk in try reader.consume(chunk.readableBytesView) }
            model = try LogisticTrainer.train(try reader.finish(), parameters: training).model
        } catch {
            return Self.failure(error)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: model.encodedJSON())))
    }

    /// Passes the body on chunk by chunk, refusing it as soon as it is known to exceed the limit.
    private func forEachChunk(of request: Request, _ body: (ByteBuffer) throws -> Void) async throws {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw BodyTooLarge(limit: maxBodyBytes)
        }
        var received = 0
        for try await buffer in request.body {
            received += buffer.readableBytes
            guard received <= maxBodyBytes else { throw BodyTooLarge(limit: maxBodyBytes) }
            try body(buffer)
        }
    }

    /// 400 for input the processors refuse, 413 for a body over the limit, 500 for anything else.
    private static func failure(_ error: any Error) -> Response {
        if let tooLarge = error as? BodyTooLarge { return text(.contentTooLarge, "\(tooLarge)") }
        if CommandFailure.isInvalidInput(error) { return text(.badRequest, "\(error)") }
        return text(.internalServerError, "cannot process the request: \(error)")
    }

    private static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

/// A request body larger than the server accepts.
struct BodyTooLarge: Error, CustomStringConvertible {
    let limit: Int

    var description: String { "request body is larger than the limit of \(limit) bytes" }
}
