import Foundation
import NitroForgeSpec
import XCTest

/// `enclave.processor.http.command` and `devCommand`: parsed into the model, every mistake located in the
/// file, and an http processor nothing would start drawing a located warning (not an error).
final class ProcessorSpecTests: XCTestCase {
    private let folder = URL(fileURLWithPath: "/specs/team")

    private func load(_ yaml: String) throws(SpecLoadError) -> Spec {
        try SpecLoader.load(yaml: yaml, file: "test.yaml", sourceFile: folder.appendingPathComponent("test.yaml"))
    }

    /// The minimal fixture with `processor:`'s body replaced; the processor block starts on line 17.
    private func spec(processor: String) throws -> String {
        let minimal = try String(contentsOf: FixtureFiles.url("valid/minimal.yaml"), encoding: .utf8)
        let head = try XCTUnwrap(minimal.components(separatedBy: "  processor:\n").first)
        return head + "  processor:\n" + processor
    }

    private func issues(_ yaml: String) -> [SpecIssue] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.issues
        }
    }

    func testInferenceExampleCarriesCommandAndDevCommand() throws {
        let spec = try SpecLoader.load(path: FixtureFiles.repository.appendingPathComponent("examples/inference/nitroforge.yaml").path)
        guard case .http(let http) = spec.enclave.processor else { return XCTFail("inference uses http") }
        XCTAssertEqual(http.url, "http://127.0.0.1:8080/score")
        XCTAssertEqual(http.command, ["/usr/local/bin/nitroforge-example", "serve", "--model", "/opt/model/model.json",
                                      "--listen", "127.0.0.1:8080"])
        XCTAssertEqual(http.devCommand, ["nitroforge-example", "serve", "--model", "model.json", "--listen", "127.0.0.1:8080"])
        XCTAssertEqual(http.resolvedDevCommand, http.devCommand, "a bare program name stays a PATH lookup")
        XCTAssertEqual(spec.warnings, [], "the example starts its server")
    }

    func testRelativeDevCommandProgramResolvesAgainstTheSpecsFolder() throws {
        let spec = try load(spec(processor: """
                http:
                  url: http://127.0.0.1:8080/
                  command: [/srv/serve]
                  devCommand: [./bin/serve, --port, "8080"]

            """))
        guard case .http(let http) = spec.enclave.processor else { return XCTFail("http processor") }
        XCTAssertEqual(http.command, ["/srv/serve"])
        XCTAssertEqual(http.devCommand, ["./bin/serve", "--port", "8080"], "kept as written")
        XCTAssertEqual(http.resolvedDevCommand, ["/specs/team/bin/serve", "--port", "8080"])
    }

    func testRelativeCommandProgramIsReportedAtItsItem() throws {
        let found = issues(try spec(processor: """
                http:
                  url: http://127.0.0.1:8080/
                  command:
                    - bin/serve
                    - --port

            """))
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertEqual(found.first.map { "\($0.file):\($0.line):\($0.column)" }, "test.yaml:21:11")
        XCTAssertEqual(found.first?.message, "enclave.processor.http.command[0]: \"bin/serve\" is not an absolute path")
        XCTAssertTrue(found.first?.allowed.contains("absolute path") == true)
    }

    func testEmptyOrMistypedCommandsAreReportedWithTheirField() throws {
        let found = issues(try spec(processor: """
                http:
                  url: http://127.0.0.1:8080/
                  command: []
                  devCommand: nitroforge-example serve

            """))
        XCTAssertEqual(found.map(\.line), [20, 21], "\(found)")
        XCTAssertEqual(found.count, 2)
        XCTAssertEqual(found[0].message, "enclave.processor.http.command: has 0 items, needs at least 1")
        XCTAssertTrue(found[1].message.hasPrefix("enclave.processor.http.devCommand: expected a list"), found[1].message)
    }

    func testCommandIsUnknownUnderExec() throws {
        let found = issues(try spec(processor: """
                exec:
                  argv: [/usr/local/bin/score]
                  command: [/usr/local/bin/score]

            """))
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertEqual(found.first?.line, 20)
        XCTAssertTrue(found.first?.message.contains("unknown key \"command\"") == true, "\(found)")
    }

    func testRelativeExecProgramIsReportedBecauseTheAgentRefusesIt() throws {
        let found = issues(try spec(processor: """
                exec:
                  argv: [score, --model, model.json]

            """))
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertEqual(found.first.map { "\($0.line):\($0.column)" }, "19:14")
        XCTAssertEqual(found.first?.message, "enclave.processor.exec.argv[0]: \"score\" is not an absolute path")
    }

    func testHTTPProcessorWithoutCommandIsValidWithALocatedWarning() throws {
        let loaded = try load(try spec(processor: "    http:\n      url: http://127.0.0.1:8080/\n"))
        XCTAssertEqual(loaded.warnings.count, 1, "\(loaded.warnings)")
        let warning = try XCTUnwrap(loaded.warnings.first)
        XCTAssertEqual("\(warning.file):\(warning.line):\(warning.column)", "test.yaml:18:5")
        XCTAssertTrue(warning.message.hasPrefix("enclave.processor.http: has no command"), warning.message)
        XCTAssertTrue(warning.allowed.contains("add command"), warning.allowed)
    }

    func testSchemaDescribesBothFieldsAsArgvLists() throws {
        let http = SpecSchema.document()["properties"]?["enclave"]?["properties"]?["processor"]?["properties"]?["http"]?["properties"]
        for name in ["command", "devCommand"] {
            let field = try XCTUnwrap(http?[name], name)
            XCTAssertEqual(field["type"], .string("array"), name)
            XCTAssertEqual(field["minItems"], .integer(1), name)
        }
        XCTAssertNil(SpecSchema.document()["properties"]?["enclave"]?["properties"]?["processor"]?["properties"]?["http"]?["required"]?
            .arrayValue?.first { $0 == .string("command") }, "command stays optional")
    }
}
