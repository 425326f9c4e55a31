import Foundation
import XCTest
@testable import NitroForgeGen

/// The enclave image files follow the agent's contract: enclave.json names the server to supervise and the
/// user to run it as (never a development setting), and the Dockerfile leaves the agent root, creates that
/// user and makes the agent the only entrypoint.
final class EnclaveImageTests: XCTestCase {
    private func file(_ path: String, in files: [GeneratedFile]) throws -> String {
        try XCTUnwrap(files.first { $0.path == path }, path).contents
    }

    /// The inference example with its devCommand's program replaced by a marker, generated from a scratch copy.
    private func generateInference(editing edit: (String) -> String) throws -> Generation {
        let folder = TestEnvironment.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try String(contentsOf: URL(fileURLWithPath: TestEnvironment.specPath("inference")), encoding: .utf8)
        let edited = edit(original)
        XCTAssertNotEqual(edited, original, "the edit must change the example")
        let spec = folder.appendingPathComponent("nitroforge.yaml")
        try Data(edited.utf8).write(to: spec)
        return try Generation.prepare(specPath: spec.path, outputDirectory: folder.appendingPathComponent("out"))
    }

    func testEnclaveJSONCarriesTheServerCommandAndUserButNeverTheDevCommand() throws {
        let marker = "./dev-only-marker-server"
        let generation = try generateInference { $0.replacingOccurrences(of: "        - nitroforge-example\n", with: "        - \(marker)\n") }
        let json = try JSONSerialization.jsonObject(with: Data(try file("enclave/enclave.json", in: generation.files).utf8)) as? [String: Any]
        let processor = try XCTUnwrap(json?["processor"] as? [String: Any])
        XCTAssertEqual(Set(processor.keys), ["type", "url", "command", "user"])
        XCTAssertEqual(processor["type"] as? String, "http")
        XCTAssertEqual(processor["url"] as? String, "http://127.0.0.1:8080/score")
        XCTAssertEqual(processor["command"] as? [String], ["/usr/local/bin/nitroforge-example", "serve", "--model", "/opt/model/model.json",
                                                          "--listen", "127.0.0.1:8080"])
        XCTAssertEqual(processor["user"] as? String, "nitroforge")
        XCTAssertGreaterThan(generation.files.count, 30)
        let leaking = generation.files.filter { $0.contents.contains("dev-only-marker") || $0.contents.contains("devCommand") }.map(\.path)
        XCTAssertEqual(leaking, [], "development settings never reach generated files")
    }

    func testEnclaveJSONLeavesCommandOutWhenTheSpecGivesNone() throws {
        var deployment = SampleDeployment.inference
        deployment.enclave.processor = .http(url: "http://127.0.0.1:8080/infer", command: nil)
        let text = try file("enclave/enclave.json", in: Generator(templates: .bundled()).files(for: deployment))
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let processor = try XCTUnwrap(json?["processor"] as? [String: Any])
        XCTAssertEqual(Set(processor.keys), ["type", "url", "user"])
    }

    func testHTTPProcessorWithoutCommandDrawsALocatedWarningFromGenerate() throws {
        let generation = try generateInference { text in
            let command = text.range(of: "      # The server's argv inside the enclave")!.lowerBound
            let devCommand = text.range(of: "      # The same server on your machine")!.lowerBound
            return text.replacingCharacters(in: command..<devCommand, with: "")
        }
        let warnings = generation.notes.filter { $0.hasPrefix("warning: ") }
        XCTAssertEqual(warnings.count, 1, "\(generation.notes)")
        XCTAssertTrue(warnings[0].contains("nitroforge.yaml:62:5: enclave.processor.http: has no command"), warnings[0])
    }

    func testDockerfileKeepsTheAgentRootCreatesTheProcessorUserAndBuildsTheAgent() throws {
        XCTAssertEqual(TestEnvironment.examples.count, 3)
        for example in TestEnvironment.examples {
            let lines = try file("enclave/Dockerfile", in: TestEnvironment.generate(example)).split(separator: "\n").map(String.init)
            let instructions = lines.filter { !$0.hasPrefix("#") && !$0.hasPrefix(" ") && !$0.isEmpty }
            let entrypoints = instructions.indices.filter { instructions[$0].hasPrefix("ENTRYPOINT ") }
            XCTAssertEqual(entrypoints, [instructions.count - 1], "\(example): one ENTRYPOINT, the last instruction")
            XCTAssertEqual(instructions.filter { $0.hasPrefix("USER") }, [], "\(example): the agent starts as root")
            XCTAssertEqual(instructions.last, #"ENTRYPOINT ["/usr/local/bin/nitroforge-enclave", "--config", "/etc/nitroforge/enclave.json"]"#)
            let runStage = try XCTUnwrap(instructions.lastIndex { $0.hasPrefix("FROM ") })
            XCTAssertTrue(instructions[runStage...].contains("RUN useradd --system --no-create-home --shell /usr/sbin/nologin nitroforge"),
                          "\(example): the run stage creates the processor user")
            XCTAssertTrue(lines.contains("RUN swift build -c release --product nitroforge-enclave --static-swift-stdlib \\"), example)
            XCTAssertTrue(lines.contains { $0.hasPrefix("# No USER switch: the agent starts as root") }, example)
        }
    }

    func testGeneratedReadmeNamesTheSupportedBaseImages() throws {
        let readme = try file("README.md", in: TestEnvironment.generate("inference"))
        XCTAssertTrue(readme.contains("must be glibc-based (e.g. Debian or Ubuntu)"), readme)
    }
}
