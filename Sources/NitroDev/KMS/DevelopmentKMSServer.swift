import Hummingbird
import NIOCore

/// The loopback HTTP server of `nitroforge dev kms`: every POST goes to `DevelopmentKMSFront`.
public enum DevelopmentKMSServer {
    /// - Parameters:
    ///   - port: 0 picks a free port; `onRunning` receives the bound one.
    public static func application(
        front: DevelopmentKMSFront, host: String = "127.0.0.1", port: Int,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.post("/") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: DevelopmentKMSFront.maxBodyBytes)
            // HTTP/1.1's Host header arrives as the request's authority; SigV4 signs it as `host`.
            var headers = request.headers.map { ($0.name.rawName, $0.value) }
            if let authority = request.head.authority { headers.append(("host", authority)) }
            let reply = try await front.handle(body: Array(buffer: body), headers: headers, path: request.uri.path)
            return Response(
                status: .init(code: reply.status), headers: [.contentType: "application/x-amz-json-1.1"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
        }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }

    /// Serves until the task is cancelled or the process receives SIGTERM/SIGINT.
    public static func run(
        front: DevelopmentKMSFront, host: String = "127.0.0.1", port: Int,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await application(front: front, host: host, port: port, onRunning: onRunning).runService()
    }
}
