import Foundation
import NitroTestSupport
import XCTest

/// `nitroforge deploy --check`: each refusal of the preflight, in its order, with exit 2 and one line saying
/// what to do, and nothing written; then the checks passing against the moto server the test command runs.
final class DeployPreflightTests: XCTestCase {
    private var scratch: URL!
    private var out: URL { scratch.appendingPathComponent("out") }
    private var specFile: URL { scratch.appendingPathComponent("nitroforge.yaml") }
    private var eif: URL { scratch.appendingPathComponent("build/enclave.eif") }
    private var measurements: URL { scratch.appendingPathComponent("build/measurements.json") }
    private var blobs: [String: String] = [:]

    /// A deployment ready to ship: the inference example (in `account`), an EIF built and measured,
    /// the output generated, and a bundle of stand-in runtimes (the preflight never runs them) packed from it.
    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try writeSpec(account: "111122223333")
        blobs = try NativeEIF.writeBlobs(in: scratch)
        try NativeEIF.build(program: "version one", blobs: blobs, in: scratch, eif: eif, measurements: measurements)
        try generate()
        let runtimes = scratch.appendingPathComponent("runtimes")
        try FileManager.default.createDirectory(at: runtimes, withIntermediateDirectories: true)
        for name in ["nitroforge-enclave", "nitroforge-host", "nitroforge-producer"] {
            let path = runtimes.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\necho \(name)\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        let bundled = try Nitroforge.run(["bundle", "--dir", out.path, "--out", scratch.appendingPathComponent("bundle").path,
                                          "--executables", runtimes.path, "--spec", specFile.path])
        XCTAssertEqual(bundled.status, 0, bundled.stderr)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func writeSpec(account: String) throws {
        let example = try String(contentsOf: Nitroforge.repo.appendingPathComponent("examples/inference/nitroforge.yaml"), encoding: .utf8)
        let spec = example.replacingOccurrences(of: "111122223333", with: account)
        try Data(spec.utf8).write(to: specFile)
    }

    private func generate() throws {
        let generated = try Nitroforge.run(["generate", "--spec", specFile.path, "--out", out.path])
        XCTAssertEqual(generated.status, 0, generated.stderr)
    }

    private var bundlePath: String {
        get throws {
            let folder = scratch.appendingPathComponent("bundle")
            let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".tar.gz") })
            return folder.appendingPathComponent(name).path
        }
    }

    /// `deploy --check` against the test command's moto (which answers for account 123456789012).
    private func check(_ extra: [String] = [], environment: [String: String] = [:]) throws -> Nitroforge.Outcome {
        let moto = try XCTUnwrap(ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"], "run through scripts/test.sh, which starts moto")
        var merged = ["AWS_ENDPOINT_URL": moto, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                      "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        merged.merge(environment) { $1 }
        return try Nitroforge.run(["deploy", "--dir", out.path, "--check", "--bundle", try bundlePath] + extra, environment: merged)
    }

    private func assertRefused(_ outcome: Nitroforge.Outcome, _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, 2, outcome.stderr, file: file, line: line)
        let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        XCTAssertEqual(errors.count, 1, outcome.stderr, file: file, line: line)
        XCTAssertTrue(errors.first?.contains(words) == true, "expected «\(words)» in: \(outcome.stderr)", file: file, line: line)
        XCTAssertTrue(outcome.stdout.isEmpty, outcome.stdout, file: file, line: line)
    }

    func testWithoutTerraformOnPathItSaysToInstallIt() throws {
        let empty = scratch.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        assertRefused(try check(environment: ["PATH": empty.path]), "terraform is not on PATH: install Terraform 1.6 or later")
    }

    func testAnOlderTerraformIsRefusedByItsVersion() throws {
        let old = scratch.appendingPathComponent("old-bin")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        // Prints what `terraform version -json` of 1.5.7 prints; nothing else is asked of it.
        FileManager.default.createFile(atPath: old.appendingPathComponent("terraform").path,
                                       contents: Data("#!/bin/sh\necho '{\"terraform_version\": \"1.5.7\", \"platform\": \"linux_amd64\"}'\n".utf8),
                                       attributes: [.posixPermissions: 0o755])
        assertRefused(try check(environment: ["PATH": "\(old.path):/usr/bin:/bin"]), "is Terraform 1.5.7; the output needs 1.6 or later")
    }

    func testAnOutputOlderThanItsSpecIsRefused() throws {
        let spec = try String(contentsOf: specFile, encoding: .utf8)
        try Data(spec.replacingOccurrences(of: "name: fraud-scoring", with: "name: fraud-scoring-two").utf8).write(to: specFile)
        assertRefused(try check(), "is out of date with \(specFile.path)")
    }

    func testNoMeasurementsIsRefused() throws {
        try FileManager.default.removeItem(at: measurements)
        try generate()
        assertRefused(try check(), "no measurements at \(measurements.path): run `nitroforge build-eif`")
    }

    func testAnImageWhosePCR0ThePoliciesWillNotAllowIsRefused() throws {
        let other = scratch.appendingPathComponent("other/enclave.eif")
        try NativeEIF.build(program: "version two", blobs: blobs, in: scratch.appendingPathComponent("other"), eif: other,
                            measurements: scratch.appendingPathComponent("other/measurements.json"))
        assertRefused(try check(["--eif", other.path]), "which the key policies will not allow")
    }

    /// The all-zero PCR0 a debug-mode enclave reports, allowed by an operator's tfvars file while the spec
    /// does not say debug, is refused by deploy; debug-mode measurements are already refused by the spec's check.
    func testADebugModeImageWithoutDebugInTheSpecIsRefused() throws {
        let zeros = String(repeating: "0", count: 96)
        let operatorFile = out.appendingPathComponent("operator.auto.tfvars.json")
        try Data(#"{"enclave_extra_pcr0": ["\#(zeros)"]}"#.utf8).write(to: operatorFile)
        assertRefused(try check(), "\(operatorFile.path) allows the all-zero PCR0 of a debug-mode enclave")
        try FileManager.default.removeItem(at: operatorFile)

        var measured = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: measurements)) as? [String: Any])
        var values = try XCTUnwrap(measured["Measurements"] as? [String: Any])
        for pcr in ["PCR0", "PCR1", "PCR2"] { values[pcr] = zeros }
        measured["Measurements"] = values
        try JSONSerialization.data(withJSONObject: measured).write(to: measurements)
        let refused = try check()
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("(a debug-mode image) but enclave.debug is false"), refused.stderr)
        XCTAssertTrue(refused.stdout.isEmpty, refused.stdout)
    }

    func testAMissingAlteredOrForeignBundleIsRefused() throws {
        assertRefused(try Nitroforge.run(["deploy", "--dir", out.path, "--check", "--bundle", scratch.appendingPathComponent("none.tar.gz").path]),
                      "no bundle at")

        let bundle = try bundlePath
        let altered = scratch.appendingPathComponent("bundle-copy")
        try FileManager.default.createDirectory(at: altered, withIntermediateDirectories: true)
        let alteredBundle = altered.appendingPathComponent(URL(fileURLWithPath: bundle).lastPathComponent)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: bundle))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: alteredBundle)
        assertRefused(try check(["--bundle", alteredBundle.path]), "not the one its name says")

        // A bundle packed before the output changed (another accountId, so other enclave and host files).
        try writeSpec(account: "123456789012")
        try generate()
        assertRefused(try check(), "it was packed from another output")
    }

    func testABundleHashThatContradictsTheTfvarsIsRefused() throws {
        try Data(#"{"bundle_sha256": "\#(String(repeating: "0", count: 64))"}"#.utf8).write(to: out.appendingPathComponent("pinned.auto.tfvars.json"))
        assertRefused(try check(), "set bundle_sha256 = \(String(repeating: "0", count: 64))")
    }

    func testAnotherAccountsCredentialsAreRefusedAndTheRightOnesPass() throws {
        assertRefused(try check(), "of account 123456789012, but the spec deploys to account 111122223333")

        try writeSpec(account: "123456789012")
        try generate()
        let packed = try Nitroforge.run(["bundle", "--dir", out.path, "--out", scratch.appendingPathComponent("bundle2").path,
                                         "--executables", scratch.appendingPathComponent("runtimes").path, "--spec", specFile.path, "--json"])
        XCTAssertEqual(packed.status, 0, packed.stderr)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(packed.stdout.utf8)) as? [String: String])
        let passed = try check(["--bundle", try XCTUnwrap(written["bundle"]), "--json"])
        XCTAssertEqual(passed.status, 0, passed.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(passed.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["bundleSHA256"] as? String, written["sha256"])
        XCTAssertEqual(report["checked"] as? Bool, true)
        let measured = try JSONSerialization.jsonObject(with: Data(contentsOf: measurements)) as? [String: Any]
        let pcr0 = try XCTUnwrap((measured?["Measurements"] as? [String: Any])?["PCR0"] as? String)
        XCTAssertEqual(report["allowedPCR0"] as? [String], [pcr0])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent(".terraform").path), "--check ran terraform init")
    }
}
