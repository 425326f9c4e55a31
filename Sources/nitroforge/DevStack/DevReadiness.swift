import AsyncHTTPClient
import Foundation
import NitroDev
#if canImport(Glibc)
import Glibc
#endif

/// Waits for each part of the stack to answer, failing early (with its log) if its process died.
enum DevReadiness {
    static func waitForTCP(port: Int, child: DevChild, timeout: Duration) async throws {
        try await poll(child: child, timeout: timeout, what: "127.0.0.1:\(port)") { LoopbackPort.isListening(port) }
    }

    static func waitForHTTP(_ url: String, child: DevChild, timeout: Duration, accept: @escaping @Sendable (UInt) -> Bool = { $0 < 500 }) async throws {
        try await poll(child: child, timeout: timeout, what: url) {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)) else { return false }
            _ = try? await response.body.collect(upTo: 1 << 20)
            return accept(response.status.code)
        }
    }

    private static func poll(child: DevChild, timeout: Duration, what: String, _ ready: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await ready() { return }
            guard DevProcesses.isRunning(child.pid) else {
                throw CommandFailure.internalFailure("\(child.name) exited before answering on \(what); the end of \(child.log):\n\(DevProcesses.tail(child))")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CommandFailure.internalFailure("\(child.name) did not answer on \(what) within \(timeout); the end of \(child.log):\n\(DevProcesses.tail(child))")
    }

}
