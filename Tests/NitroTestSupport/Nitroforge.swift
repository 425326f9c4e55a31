import Foundation

/// Runs the built `nitroforge` executable (or another of the package's executables) beside the test
/// bundle, as a user would.
public enum Nitroforge {
    /// The repository root, from this file's path (tests run from a checkout).
    public static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var executable: URL { product("nitroforge") }

    /// An executable product of this package, from the same build.
    public static func product(_ name: String) -> URL {
        Bundle.main.bundleURL.appendingPathComponent(name)
    }

    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Output goes through files, not pipes, so a chatty command cannot block on a full pipe. `environment`
    /// adds to (or, with an empty value, removes from) the test's own environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        try run(program: executable, arguments, environment: environment)
    }

    /// Another program (`/usr/bin/env` finds one on PATH by name), run the same way.
    public static func run(program: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value.isEmpty ? nil : value }
        process.environment = merged
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8)
        )
    }
}
