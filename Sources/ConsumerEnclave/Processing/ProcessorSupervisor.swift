import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Starts an `http` processor's server, as the unprivileged user, and starts it again whenever it ends:
/// the agent is the enclave's only entrypoint, so nothing else would. Its output is discarded, because a
/// workload may print what it reads.
public struct ProcessorSupervisor: Sendable {
    public let argv: [String]
    public let user: ProcessUser?
    public let url: URL
    public let logger: Logger

    public init(argv: [String], user: ProcessUser?, url: URL, logger: Logger) {
        self.argv = argv
        self.user = user
        self.url = url
        self.logger = logger
    }

    /// Runs until cancelled, restarting the server with a growing pause (at most 10 s) after each exit.
    public func run() async {
        var pause = Duration.milliseconds(200)
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                var options = PlatformOptions()
                if let user {
                    options.userID = user.uid
                    options.groupID = user.gid
                    options.supplementaryGroups = []
                }
                options.processGroupID = 0
                options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(2))]
                logger.info("processor starting", metadata: ["argv0": "\(argv[0])", "user": "\(user?.name ?? "(current)")"])
                let result = try await Subprocess.run(
                    Configuration(executable: .path(FilePath(argv[0])), arguments: Arguments(Array(argv.dropFirst())),
                                  environment: .custom(["PATH": "/usr/local/bin:/usr/bin:/bin"]), platformOptions: options),
                    output: .discarded, error: .discarded)
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
