import Crypto
import Foundation
import NitroTestSupport
import XCTest

/// `build-eif` then `generate`, as a user runs them: the key policies accept exactly the PCR0 of the image
/// just built (computed here from the EIF's own section bytes) plus the spec's rollout values, and a
/// rebuilt image replaces the old PCR0 everywhere.
final class BuildEIFThenGenerateTests: XCTestCase {
    private static let conditionKey = "kms:RecipientAttestation:ImageSha384"

    func testTheKeyPoliciesAllowExactlyTheNewImagesPCR0AndTheRolloutValues() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-eif-generate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let rollout = String(repeating: "ab", count: 48)
        try writeSpec(to: scratch, extraPCR0: rollout)
        let blobs = try NativeEIF.writeBlobs(in: scratch)

        let first = try buildAndGenerate(in: scratch, blobs: blobs, program: "first version")
        let second = try buildAndGenerate(in: scratch, blobs: blobs, program: "second version")
        XCTAssertNotEqual(first, second, "a different root filesystem must give a different PCR0")

        let output = scratch.appendingPathComponent("out")
        let variables = try jsonObject(output.appendingPathComponent("nitroforge.auto.tfvars.json"))
        XCTAssertEqual(variables["enclave_pcr0"] as? String, second)
        XCTAssertEqual(variables["enclave_extra_pcr0"] as? [String], [rollout])

        let policies = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("policies").path)
        var conditions = 0
        for name in policies where name.hasSuffix(".json") {
            for values in try imageConditions(in: output.appendingPathComponent("policies/\(name)")) {
                XCTAssertEqual(Set(values), [second, rollout], "\(name): \(Self.conditionKey) must list exactly the new PCR0 and the rollout value")
                conditions += 1
            }
        }
        XCTAssertGreaterThanOrEqual(conditions, 2, "the data and results keys must both condition on PCR0")
        let terraform = try String(contentsOf: output.appendingPathComponent("kms.tf"), encoding: .utf8)
        XCTAssertFalse(terraform.contains(first), "the old image's PCR0 must be gone")
        XCTAssertTrue(terraform.contains("\"\(Self.conditionKey)\" = concat([var.enclave_pcr0], var.enclave_extra_pcr0)"))
    }

    /// Builds the EIF from a root filesystem holding `program`, then generates; returns PCR0 after checking
    /// that measurements.json and `describe-eif` agree with the PCR0 computed from the file's sections.
    private func buildAndGenerate(in scratch: URL, blobs: [String: String], program: String) throws -> String {
        let eif = scratch.appendingPathComponent("build/enclave.eif")
        let measurements = scratch.appendingPathComponent("build/measurements.json")
        try NativeEIF.build(program: program, blobs: blobs, in: scratch, eif: eif, measurements: measurements)
        let pcr0 = try Self.pcr0(ofEIF: eif)
        let written = try jsonObject(measurements)["Measurements"] as? [String: Any]
        XCTAssertEqual(written?["PCR0"] as? String, pcr0, "measurements.json")
        let described = try Nitroforge.run(["describe-eif", eif.path, "--json"])
        XCTAssertEqual(described.status, 0, described.stderr)
        let describedPCRs = try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((describedPCRs?["Measurements"] as? [String: Any])?["PCR0"] as? String, pcr0, "describe-eif")

        let generate = try Nitroforge.run(["generate", "--spec", scratch.appendingPathComponent("nitroforge.yaml").path,
                                           "--out", scratch.appendingPathComponent("out").path])
        XCTAssertEqual(generate.status, 0, generate.stderr)
        return pcr0
    }

    /// The inference example with a rollout PCR0 added; its measurements file is build/measurements.json.
    private func writeSpec(to scratch: URL, extraPCR0: String) throws {
        let example = try String(contentsOf: Nitroforge.repo.appendingPathComponent("examples/inference/nitroforge.yaml"), encoding: .utf8)
        let spec = example.replacingOccurrences(of: "\nenclave:\n", with: "\nenclave:\n  extraAllowedPCR0:\n    - \"\(extraPCR0)\"\n")
        XCTAssertNotEqual(spec, example)
        try Data(spec.utf8).write(to: scratch.appendingPathComponent("nitroforge.yaml"))
    }

    /// PCR0 straight from the file: SHA384(48 zero bytes ‖ SHA384(kernel ‖ cmdline ‖ ramdisks)), reading
    /// the section table as the EIF v4 header lays it out (section count at byte 26, then 32 offsets).
    private static func pcr0(ofEIF url: URL) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: url))
        func integer(_ offset: Int, _ width: Int) -> Int {
            bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | Int($1) }
        }
        var image = SHA384()
        for index in 0..<integer(26, 2) {
            let header = integer(28 + 8 * index, 8)
            let type = integer(header, 2)
            let size = integer(header + 4, 8)
            if [1, 2, 3].contains(type) {  // kernel, cmdline, ramdisk
                image.update(data: bytes[(header + 12)..<(header + 12 + size)])
            }
        }
        var register = SHA384()
        register.update(data: [UInt8](repeating: 0, count: 48))
        register.update(data: Array(image.finalize()))
        return register.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Every value list of the PCR0 condition key in a policy document.
    private func imageConditions(in url: URL) throws -> [[String]] {
        let statements = try jsonObject(url)["Statement"] as? [[String: Any]] ?? []
        return statements.compactMap { statement in
            let conditions = statement["Condition"] as? [String: [String: Any]] ?? [:]
            for (_, keys) in conditions {
                if let values = keys[Self.conditionKey] { return values as? [String] ?? [values as? String ?? ""] }
            }
            return nil
        }
    }

    private func jsonObject(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }
}
