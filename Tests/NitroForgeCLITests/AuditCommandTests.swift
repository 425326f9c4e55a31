import Foundation
import NitroTestSupport
import XCTest

/// `nitroforge audit` on real outputs and hand-broken copies, and `generate` refusing to write key policies
/// that fail the same audit.
final class AuditCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private static let brokenFixtures = Nitroforge.repo.appendingPathComponent("Tests/PolicyEvaluatorTests/Fixtures")

    func testEveryExampleOutputPassesWithATableAndJSON() throws {
        for example in ["inference", "training", "existing-vpc"] {
            let out = scratch.appendingPathComponent(example)
            let spec = Nitroforge.repo.appendingPathComponent("examples/\(example)/nitroforge.yaml").path
            let generate = try Nitroforge.run(["generate", "--spec", spec, "--out", out.path])
            XCTAssertEqual(generate.status, 0, "\(example): \(generate.stderr)")
            let audit = try Nitroforge.run(["audit", "--dir", out.path])
            XCTAssertEqual(audit.status, 0, "\(example): \(audit.stdout)\(audit.stderr)")
            XCTAssertTrue(audit.stdout.contains("== data-key.json:") && audit.stdout.contains("all invariants hold"), audit.stdout)
            let json = try Nitroforge.run(["audit", "--dir", out.path, "--json"])
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(report["passed"] as? Bool, true, example)
            XCTAssertEqual((report["violations"] as? [Any])?.count, 0, example)
        }
    }

    /// Each hand-broken copy fails with exit 2 and names the invariant it breaks.
    func testHandBrokenPoliciesExit2NamingTheInvariant() throws {
        let broken = try FileManager.default.contentsOfDirectory(atPath: Self.brokenFixtures.path).filter { $0.hasPrefix("broken-") }.sorted()
        XCTAssertEqual(broken.count, 7)
        for name in broken {
            let run = try Nitroforge.run(["audit", "--dir", Self.brokenFixtures.appendingPathComponent(name).path, "--json"])
            XCTAssertEqual(run.status, 2, "\(name): \(run.stderr)")
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], name)
            let violations = try XCTUnwrap(report["violations"] as? [[String: Any]], name)
            XCTAssertFalse(violations.isEmpty, name)
            let invariants = Set(violations.compactMap { $0["invariant"] as? String })
            XCTAssertTrue(run.stderr.contains("invariant(s) broken: ") && invariants.allSatisfy { run.stderr.contains($0) }, "\(name): \(run.stderr)")
        }
    }

    /// An edited kms.tf template that swaps in its own key policy is refused before anything is written.
    func testGenerateRefusesATemplateThatChangesAKeyPolicy() throws {
        let templates = scratch.appendingPathComponent("templates")
        XCTAssertEqual(try Nitroforge.run(["templates", "export", templates.path]).status, 0)
        let kms = templates.appendingPathComponent("terraform/kms.tf.mustache")
        let original = try String(contentsOf: kms, encoding: .utf8)
        XCTAssertTrue(original.contains("policy = {{{policy}}}"))
        let permissive = """
            policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }] })
            """
        try original.replacingOccurrences(of: "policy = {{{policy}}}", with: permissive).write(to: kms, atomically: true, encoding: .utf8)
        let spec = Nitroforge.repo.appendingPathComponent("examples/inference/nitroforge.yaml").path
        let out = scratch.appendingPathComponent("out")
        let run = try Nitroforge.run(["generate", "--spec", spec, "--out", out.path, "--templates", templates.path])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("does not carry the audited policy"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing may be written")
    }
}
