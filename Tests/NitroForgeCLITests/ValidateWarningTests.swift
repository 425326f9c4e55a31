import Foundation
import NitroTestSupport
import XCTest

/// A valid spec that would build an enclave whose HTTP server nothing starts: `validate` accepts it (exit 0)
/// but says so at the processor's line, on standard error and in `--json`.
final class ValidateWarningTests: XCTestCase {
    func testValidateWarnsAtTheHTTPProcessorWithoutCommandAndStillExitsZero() throws {
        let spec = Nitroforge.repo.appendingPathComponent("Tests/NitroForgeSpecTests/Fixtures/valid/minimal.yaml")
        let text = try String(contentsOf: spec, encoding: .utf8)
        XCTAssertFalse(text.contains("command:"), "the fixture has no command")

        let plain = try Nitroforge.run(["validate", "--spec", spec.path])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("warning: \(spec.path):18:5: enclave.processor.http: has no command"), plain.stderr)

        let json = try Nitroforge.run(["validate", "--spec", spec.path, "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["valid"] as? Bool, true)
        let warnings = try XCTUnwrap(report["warnings"] as? [[String: Any]])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?["line"] as? Int, 18)
    }

    func testValidateIsQuietForTheExamplesThatStartTheirServer() throws {
        for example in ["inference", "existing-vpc", "training"] {
            let path = Nitroforge.repo.appendingPathComponent("examples/\(example)/nitroforge.yaml").path
            let outcome = try Nitroforge.run(["validate", "--spec", path])
            XCTAssertEqual(outcome.status, 0, "\(example): \(outcome.stderr)")
            XCTAssertFalse(outcome.stderr.contains("warning:"), "\(example): \(outcome.stderr)")
        }
    }
}
