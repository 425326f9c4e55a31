import Foundation
import NitroTestSupport
import XCTest

/// Every command ends with the README's exit statuses: 0 success, 1 invalid input or usage (with the
/// usage printed), 2 refused or changes found, 3 anything else failed.
final class ExitStatusTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private var inferenceSpec: String { Nitroforge.repo.appendingPathComponent("examples/inference/nitroforge.yaml").path }

    func testUsageErrorsExit1WithTheCommandsUsage() throws {
        let cases: [(command: String, arguments: [String])] = [
            ("generate", ["generate", "--no-such-flag"]),
            ("encrypt", ["encrypt", "--key-id", "not-an-arn", "--in", "a", "--out", "b"]),
            ("encrypt", ["encrypt", "--key-id", "arn:aws:kms:us-east-1:111122223333:key/k", "--in", "a", "--out", "b", "--suite", "AES_256_GCM_IV12_TAG16"]),
            ("encrypt", ["encrypt", "--key-id", "arn:aws:kms:us-east-1:111122223333:key/k", "--in", "a", "--out", "b", "--context", "=v"]),
            ("decrypt", ["decrypt", "--in", "a", "--out", "b", "--commitment-policy", "whatever"]),
            ("build-eif", ["build-eif", "--output", "x.eif"]),
            ("build-eif", ["build-eif", "--output", "x.eif", "--rootfs", "r", "--env", "NOVALUE"]),
            ("kms", ["dev", "kms", "--dev-root", "root.pem", "--upstream", "http://127.0.0.1:1", "--listen", "0.0.0.0:4600"]),
        ]
        for (command, arguments) in cases {
            let run = try Nitroforge.run(arguments)
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Usage: nitroforge") && run.stderr.contains(command), "\(arguments): \(run.stderr)")
        }
    }

    func testHelpExits0AndShowsAnExample() throws {
        for command in ["init", "validate", "schema", "plan", "generate", "templates export", "audit", "build-eif", "describe-eif", "bundle", "deploy",
                        "encrypt", "decrypt", "submit", "job", "verify-attestation", "dev up", "dev down", "dev env", "dev restart", "dev kms", "dev attest"] {
            let run = try Nitroforge.run(command.split(separator: " ").map(String.init) + ["--help"])
            XCTAssertEqual(run.status, 0, command)
            XCTAssertTrue(run.stdout.contains("EXAMPLE"), "\(command) --help has no example: \(run.stdout)")
        }
    }

    func testInvalidInputExits1() throws {
        let notAnEIF = scratch.appendingPathComponent("not.eif")
        try Data("plain text".utf8).write(to: notAnEIF)
        let describe = try Nitroforge.run(["describe-eif", notAnEIF.path])
        XCTAssertEqual(describe.status, 1, describe.stderr)
        XCTAssertTrue(describe.stderr.hasPrefix("error: "), describe.stderr)

        let missingSpec = try Nitroforge.run(["validate", "--spec", scratch.appendingPathComponent("absent.yaml").path])
        XCTAssertEqual(missingSpec.status, 1, missingSpec.stderr)
    }

    func testPlanExits2WithChangesAnd0WithoutAndGenerateExits3WhenItCannotWrite() throws {
        let out = scratch.appendingPathComponent("out")
        XCTAssertEqual(try Nitroforge.run(["plan", "--spec", inferenceSpec, "--out", out.path]).status, 2)
        XCTAssertEqual(try Nitroforge.run(["generate", "--spec", inferenceSpec, "--out", out.path]).status, 0)
        XCTAssertEqual(try Nitroforge.run(["plan", "--spec", inferenceSpec, "--out", out.path]).status, 0)

        let blocker = scratch.appendingPathComponent("a-file")
        try Data().write(to: blocker)
        let unwritable = try Nitroforge.run(["generate", "--spec", inferenceSpec, "--out", blocker.appendingPathComponent("out").path])
        XCTAssertEqual(unwritable.status, 3, unwritable.stderr)
        XCTAssertTrue(unwritable.stderr.contains("cannot write output"), unwritable.stderr)
    }

    /// A KMS that cannot be reached is not the user's input: exit 3, and no output file.
    func testEncryptExits3WhenKMSIsUnreachable() throws {
        let input = scratch.appendingPathComponent("plain")
        let output = scratch.appendingPathComponent("plain.esdk")
        try Data("secret".utf8).write(to: input)
        let run = try Nitroforge.run(
            ["encrypt", "--key-id", "arn:aws:kms:us-east-1:111122223333:key/1234", "--in", input.path, "--out", output.path],
            environment: ["AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:9", "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1",
                          "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"])
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stderr.contains("127.0.0.1:9"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }

    /// An edited copy of the templates changes the output without rebuilding nitroforge.
    func testGenerateAndPlanUseAnEditedTemplatesFolder() throws {
        let templates = scratch.appendingPathComponent("templates")
        let export = try Nitroforge.run(["templates", "export", templates.path, "--json"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let exported = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any]
        let files = try XCTUnwrap(exported?["files"] as? [String])
        XCTAssertTrue(files.contains("docs/README.md.mustache"), "\(files)")
        let bundled = Nitroforge.repo.appendingPathComponent("Sources/NitroForgeGen/templates")
        let bundledCount = FileManager.default.enumerator(atPath: bundled.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }.count
        XCTAssertEqual(files.count, bundledCount)

        let again = try Nitroforge.run(["templates", "export", templates.path])
        XCTAssertEqual(again.status, 1, "a second export must not overwrite edited templates: \(again.stderr)")

        let out = scratch.appendingPathComponent("out")
        XCTAssertEqual(try Nitroforge.run(["generate", "--spec", inferenceSpec, "--out", out.path]).status, 0)
        let readme = templates.appendingPathComponent("docs/README.md.mustache")
        let marker = "Operated by the data platform team (edited template)."
        try (try String(contentsOf: readme, encoding: .utf8) + "\n" + marker + "\n").write(to: readme, atomically: true, encoding: .utf8)

        let plan = try Nitroforge.run(["plan", "--spec", inferenceSpec, "--out", out.path, "--templates", templates.path])
        XCTAssertEqual(plan.status, 2, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("~ README.md (change)") && plan.stdout.contains("+" + marker), plan.stdout)
        XCTAssertFalse(plan.stdout.contains("(change)\n~"), "only README.md may change: \(plan.stdout)")

        XCTAssertEqual(try Nitroforge.run(["generate", "--spec", inferenceSpec, "--out", out.path, "--templates", templates.path]).status, 0)
        XCTAssertTrue(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8).contains(marker))

        try FileManager.default.removeItem(at: readme)
        let missing = try Nitroforge.run(["generate", "--spec", inferenceSpec, "--out", out.path, "--templates", templates.path])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("docs/README.md"), missing.stderr)
    }
}
