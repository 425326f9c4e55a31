import Foundation
import NitroDev
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A `moto_server` of the test's own (shared by the test targets that need one they can stop) on a free loopback port, with the spec's account id, so that key ARNs
/// and the generated policies' principals share one account (`scripts/test.sh` provides the tools).
public final class MotoProcess: @unchecked Sendable {
    public let url: URL
    private let process: Process

    public init(accountID: String = "123456789012") throws {
        guard let tools = ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"], !tools.isEmpty else {
            XCTFail("NITROFORGE_TOOLS is not set: run scripts/test.sh, which installs moto_server")
            throw CancellationError()
        }
        let port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: tools).appendingPathComponent("moto_server")
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["MOTO_ACCOUNT_ID"] = accountID
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        url = URL(string: "http://127.0.0.1:\(port)")!
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if LoopbackPort.isListening(port) { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(process.processIdentifier, SIGKILL)
        throw MotoStartError(description: "moto_server did not answer on \(url) within 20 s")
    }

    /// SIGKILL: a process that served with swift-service-lifecycle ignores SIGTERM, and its children inherit that.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }


    /// A port on 127.0.0.1 that nothing is bound to, below the ephemeral range (see `LoopbackPort`).
    public static func freePort() throws -> Int {
        try LoopbackPort.unused()
    }
}

public struct MotoStartError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
