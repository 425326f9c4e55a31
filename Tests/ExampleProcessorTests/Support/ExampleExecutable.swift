import Foundation

/// Runs the built `nitroforge-example` executable beside the test bundle, as the enclave agent would.
enum ExampleExecutable {
    /// The repository root, from this file's path (tests run from a checkout).
    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        Bundle.main.bundleURL.appendingPathComponent("nitroforge-example")
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs to completion with `input` on standard input. Input and output go through files, not pipes, so
    /// neither side can block on a full pipe.
    static func run(_ arguments: [String], input: Data = Data()) throws -> Outcome {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let stdin = scratch.url.appendingPathComponent("stdin")
        let out = scratch.url.appendingPathComponent("stdout")
        let err = scratch.url.appendingPathComponent("stderr")
        try input.write(to: stdin)
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: stdin)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: try String(contentsOf: out, encoding: .utf8),
                       stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// A running `serve`, stopped with SIGTERM by `stop()`.
    final class Server {
        let process = Process()
        let scratch: Scratch
        let stderr: URL
        /// `http://127.0.0.1:PORT`, from the `listening on` line.
        private(set) var baseURL = ""

        /// Starts `serve` with `arguments` plus `--listen 127.0.0.1:0` and waits for it to report its port.
        init(_ arguments: [String], timeout: TimeInterval = 60) throws {
            scratch = try Scratch()
            stderr = scratch.url.appendingPathComponent("stderr")
            try Data().write(to: stderr)
            process.executableURL = ExampleExecutable.executable
            process.arguments = ["serve"] + arguments + ["--listen", "127.0.0.1:0"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: stderr)
            try process.run()
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline, process.isRunning {
                let text = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"listening on 127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    baseURL = "http://" + text[range].dropFirst("listening on ".count)
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            stop()
            throw ServerDidNotStart(log: log)
        }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            scratch.remove()
        }
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        let log: String
        var description: String { "serve did not report its port; standard error:\n\(log)" }
    }

    /// A temporary folder of a test's own.
    struct Scratch {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-example-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        func remove() {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
