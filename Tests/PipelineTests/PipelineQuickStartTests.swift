import Foundation
import NitroTestSupport
import XCTest

/// The README's quick start, run as written (the set-up and build lines excepted: the test command has
/// done both) in a copy of the repository's examples, so a new user's first commands are known to work.
final class PipelineQuickStartTests: XCTestCase {
    func testTheReadmeQuickStartRunsAsWritten() throws {
        let readme = try String(contentsOf: Nitroforge.repo.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = try XCTUnwrap(readme.range(of: "<!-- quick-start:"), "the README has no quick-start marker")
        let block = try XCTUnwrap(readme[marker.upperBound...].range(of: "```sh\n"))
        let end = try XCTUnwrap(readme[block.upperBound...].range(of: "```"))
        let commands = readme[block.upperBound..<end.lowerBound]
        XCTAssertTrue(commands.contains("nitroforge dev up"))
        XCTAssertTrue(commands.contains("nitroforge decrypt"))

        // A scratch copy of the examples, with the processor on a free port, as the user's working folder.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-quickstart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Nitroforge.repo.appendingPathComponent("examples"), to: folder.appendingPathComponent("examples"))
        let spec = folder.appendingPathComponent("examples/inference/nitroforge.yaml")
        let port = try MotoProcess.freePort()
        try String(contentsOf: spec, encoding: .utf8).replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(port)")
            .write(to: spec, atomically: true, encoding: .utf8)

        let script = commands.split(separator: "\n")
            .filter { !$0.hasPrefix("scripts/setup-tools.sh") && !$0.hasPrefix("swift build") }
            .map { $0.replacingOccurrences(of: "$PWD/.build/debug", with: Nitroforge.executable.deletingLastPathComponent().path) }
            .joined(separator: "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", "trap 'nitroforge dev down --state .nitroforge/dev >/dev/null 2>&1 || true' ERR\n" + script]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in DevStack.toolsEnvironment { environment[name] = value.isEmpty ? nil : value }
        process.environment = environment
        let output = folder.appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        let transcript = try String(contentsOf: output, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, transcript)

        let scores = try String(contentsOf: folder.appendingPathComponent("scores.csv"), encoding: .utf8)
        let sample = try String(contentsOf: folder.appendingPathComponent("examples/inference/sample.csv"), encoding: .utf8)
        XCTAssertEqual(scores, try PipelineResultTests.expectedScores(
            csv: sample, model: folder.appendingPathComponent("examples/inference/model.json")))
        XCTAssertTrue(transcript.contains("dev down: stopped"), transcript)
    }
}
