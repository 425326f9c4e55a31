import Foundation
import XCTest
@testable import NitroForgeGen

/// Every example's output judged by real Terraform with the real AWS provider (5.100.0 from the mirror
/// scripts/test.sh configures): `terraform fmt` finds nothing to change, `init` and `validate` succeed.
final class TerraformValidateTests: XCTestCase {
    /// Warnings `validate` may print, by summary, each with why it is acceptable. Empty: none is.
    static let acceptedWarnings: [String: String] = [:]

    func testEveryExampleIsFormattedAsTerraformFormats() throws {
        let terraform = try Terraform.located()
        for example in TestEnvironment.examples {
            let folder = try TestEnvironment.write(example)
            defer { try? FileManager.default.removeItem(at: folder) }
            let tfFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tf") }
            XCTAssertEqual(tfFiles.count, 12, example)
            let check = try terraform.run(["fmt", "-check", "-recursive", "-diff", "-no-color"], in: folder)
            XCTAssertEqual(check.status, 0, "\(example): terraform fmt would change:\n\(check.output.prefix(4000))")
            XCTAssertEqual(check.output, "", example)
        }
    }

    func testEveryExampleInitializesAndValidatesWithoutWarnings() throws {
        let terraform = try Terraform.located()
        for example in TestEnvironment.examples {
            let folder = try TestEnvironment.write(example)
            defer { try? FileManager.default.removeItem(at: folder) }
            try terraform.initialize(folder)
            let run = try terraform.run(["validate", "-json", "-no-color"], in: folder)
            let report = try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any],
                                       "\(example): terraform validate -json printed no JSON:\n\(run.output)")
            let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
            let described = diagnostics.map { diagnostic -> String in
                let range = diagnostic["range"] as? [String: Any]
                let start = range?["start"] as? [String: Any]
                return "\(diagnostic["severity"] ?? "?") \(range?["filename"] ?? "-"):\(start?["line"] ?? "-"): \(diagnostic["summary"] ?? "") \(diagnostic["detail"] ?? "")"
            }
            XCTAssertEqual(report["valid"] as? Bool, true, "\(example): terraform validate:\n\(described.joined(separator: "\n"))")
            XCTAssertEqual(report["error_count"] as? Int, 0, "\(example): \(described)")
            XCTAssertEqual(run.status, 0, "\(example): terraform validate exit status")
            let unexpected = diagnostics.filter { Self.acceptedWarnings[$0["summary"] as? String ?? ""] == nil }
            XCTAssertEqual(unexpected.count, 0, "\(example): warnings not listed in acceptedWarnings:\n\(described.joined(separator: "\n"))")
        }
    }

    /// The provider constraint admits the 5.x series these machines mirror (5.100.0) and 6.x.
    func testProviderConstraintAdmitsFiveHundredAndSix() throws {
        let files = try TestEnvironment.generate("inference")
        let versions = try XCTUnwrap(files.first { $0.path == "versions.tf" }).contents
        XCTAssertTrue(versions.contains("version = \">= 5.100.0, < 7.0.0\""), versions)
        XCTAssertTrue(versions.contains("required_version = \">= 1.6.0\""), versions)
    }
}
