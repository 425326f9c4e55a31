import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Subprocess

/// Starts an `http` processor's server, as the unprivileged user, and starts it again whenever it ends:
/// the agent is the enclave's only entrypoint, so nothing else would. Its output is discarded, because a
/// workload may print what it reads.
///
/// With a model store (the configuration requires a model) the server starts only once a model has
/// arrived, with its path in `NITROFORGE_MODEL`, and is started again whenever a new model arrives, so it
/// never serves with a model older than the one the agent holds.
public struct ProcessorSupervisor: Sendable {
    public let argv: [String]
    public let user: ProcessUser?
    public let url: URL
    public let logger: Logger
    public let models: ModelStore?

    public init(argv: [String], user: ProcessUser?, url: URL, logger: Logger, models: ModelStore? = nil) {
        self.argv = argv
        self.user = user
        self.url = url
        self.logger = logger
        self.models = models
    }

    /// Runs until cancelled.
    public func run() async {
        guard let models else { return await supervise(modelPath: nil) }
        logger.info("processor waits for the model")
        var server: Task<Void, Never>?
        for await path in await models.updates() {
            if let running = server {
                logger.info("processor restarting for a new model")
                running.cancel()
                await running.value
            }
            server = Task { await supervise(modelPath: path) }
        }
        // The updates end when this task is cancelled: stop the server with it.
        server?.cancel()
        await server?.value
    }

    /// Runs the server until cancelled, restarting it with a growing pause (at most 10 s) after each exit.
    private func supervise(modelPath: String?) async {
        var environment: [Environment.Key: String] = ["PATH": ProcessorLaunch.path]
        if let modelPath { environment["NITROFORGE_MODEL"] = modelPath }
        var pause = Duration.milliseconds(200)
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                logger.info("processor starting", metadata: ["argv0": "\(argv[0])", "user": "\(user?.name ?? "(current)")"])
                let result = try await Subprocess.run(
                    ProcessorLaunch.configuration(argv: argv, user: user, environment: environment), output: .discarded, error: .discarded)
                logger.warning("processor ended", metadata: ["status": "\(result.terminationStatus)"])
            } catch {
                logger.error("processor could not start", metadata: ["error": "\(error)"])
            }
            if ContinuousClock.now - started > .seconds(30) { pause = .milliseconds(200) }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(10))
        }
    }

    /// Waits until something answers HTTP on the processor's URL (any status: the server is up).
    public static func waitUntilAnswering(_ url: URL, timeout: Duration, client: HTTPClient = .shared) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            if let response = try? await client.execute(request, timeout: .seconds(2)) {
                _ = try? await response.body.collect(upTo: 1 << 16)
                return
            }
            guard ContinuousClock.now < deadline else {
                throw ProcessorFailure("the processor did not answer on \(url) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
