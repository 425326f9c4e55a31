import Foundation
import XCTest
@testable import NitroForgeGen

final class OutputTests: XCTestCase {
    func testCommittedTerraformOutEqualsAFreshGenerateOfTheInferenceExample() throws {
        let committed = try OutputFolder(TestEnvironment.repo().appendingPathComponent("terraform-out")).read()
        let plan = OutputPlan(current: committed, generated: try TestEnvironment.generate("inference"))
        XCTAssertFalse(plan.hasChanges, "terraform-out is stale; run `nitroforge generate --spec examples/inference/nitroforge.yaml --out terraform-out`:\n\(plan.diff.prefix(4000))")
    }

    /// ProducerTests load these copies with the producer's own loader; they must be what generate writes today.
    func testProducerTestFixturesAreEachExamplesGeneratedProducerConfiguration() throws {
        let fixtures = try TestEnvironment.repo().appendingPathComponent("Tests/ProducerTests/Fixtures/generated")
        XCTAssertEqual(TestEnvironment.examples.count, 3)
        for example in TestEnvironment.examples {
            let generated = try XCTUnwrap(TestEnvironment.generate(example).first { $0.path == "host/producer.yaml" }, example).contents
            let fixture = try String(contentsOf: fixtures.appendingPathComponent("\(example).producer.yaml"), encoding: .utf8)
            XCTAssertEqual(fixture, generated,
                           "Tests/ProducerTests/Fixtures/generated/\(example).producer.yaml is stale; copy host/producer.yaml of a fresh generate (Fixtures/README.md)")
        }
    }

    func testGenerateIsDeterministicAndIdempotent() throws {
        for example in TestEnvironment.examples {
            let first = try TestEnvironment.generate(example)
            XCTAssertEqual(first, try TestEnvironment.generate(example), example)
            let folder = TestEnvironment.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try OutputFolder(folder).write(first)
            try OutputFolder(folder).write(try TestEnvironment.generate(example))
            XCTAssertFalse(OutputPlan(current: try OutputFolder(folder).read(), generated: first).hasChanges, example)
        }
    }

    func testFailedWriteLeavesTheOldOutputUntouchedAndKeepsTerraformState() throws {
        let folder = TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try TestEnvironment.generate("inference")
        try OutputFolder(folder).write(old)
        try Data("state".utf8).write(to: folder.appendingPathComponent("terraform.tfstate"))
        // "kms.tf" as a file and as a folder cannot both be written: the write fails midway.
        let broken = old + [GeneratedFile(path: "kms.tf/inner", contents: "x")]
        XCTAssertThrowsError(try OutputFolder(folder).write(broken))
        let after = try OutputFolder(folder).read()
        let state = folder.appendingPathComponent("terraform.tfstate")
        XCTAssertEqual(try String(contentsOf: state, encoding: .utf8), "state")
        XCTAssertNil(after["terraform.tfstate"], "the operator's files are not read as output")
        XCTAssertFalse(OutputPlan(current: after, generated: old).hasChanges)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(folder.lastPathComponent).nitroforge") }
        XCTAssertEqual(leftovers, [], "no staging folder left behind")
        try OutputFolder(folder).write(old)
        XCTAssertEqual(try String(contentsOf: state, encoding: .utf8), "state", "regenerating keeps Terraform's state")
    }

    func testInvalidSpecThrowsAndWritesNothing() throws {
        let folder = TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent("nitroforge.yaml")
        try Data("apiVersion: nitroforge/v1\nname: x\nregion: us-east-1\nenclave:\n  instanceTyp: m6i.xlarge\n".utf8).write(to: spec)
        let out = folder.appendingPathComponent("out")
        XCTAssertThrowsError(try Generation.prepare(specPath: spec.path, outputDirectory: out)) { error in
            XCTAssertTrue("\(error)".contains("nitroforge.yaml:5:"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testPlanListsAddedChangedAndDeletedFilesWithADiffThatPatchAccepts() throws {
        let generated = try TestEnvironment.generate("inference")
        var current = Dictionary(uniqueKeysWithValues: generated.map { ($0.path, $0.contents) })
        current["stale.tf"] = "# old\n"
        current.removeValue(forKey: "queue.tf")
        current["kms.tf"] = current["kms.tf"]!.replacingOccurrences(of: "enable_key_rotation     = true", with: "enable_key_rotation     = false")
        current[".terraform/providers/x"] = "binary"
        // The operator's own files beside the generated ones: a Terraform override and a variables file.
        current["moto_override.tf"] = "provider \"aws\" {}\n"
        current["deploy.auto.tfvars.json"] = "{}\n"
        let plan = OutputPlan(current: current, generated: generated)
        XCTAssertEqual(plan.added, ["queue.tf"])
        XCTAssertEqual(plan.changed, ["kms.tf"])
        XCTAssertEqual(plan.deleted, ["stale.tf"])

        // The diff applies with the system's patch(1) and turns the old files into the new ones.
        let folder = TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(current["kms.tf"]!.utf8).write(to: folder.appendingPathComponent("kms.tf"))
        try Data(current["stale.tf"]!.utf8).write(to: folder.appendingPathComponent("stale.tf"))
        try Data(plan.diff.utf8).write(to: folder.appendingPathComponent("plan.diff"))
        let patch = try TestEnvironment.run("/usr/bin/patch", ["-p1", "-s", "-i", "plan.diff"], in: folder)
        XCTAssertEqual(patch.status, 0, patch.output)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("kms.tf"), encoding: .utf8), generated.first { $0.path == "kms.tf" }!.contents)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("queue.tf"), encoding: .utf8), generated.first { $0.path == "queue.tf" }!.contents)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("stale.tf").path))
    }

    func testMeasurementsBindTheKeysAndTfvars() throws {
        let files = try Generator(templates: .bundled()).files(for: SampleDeployment.inference)
        let tfvars = try XCTUnwrap(files.first { $0.path == "nitroforge.auto.tfvars.json" }).contents
        XCTAssertTrue(tfvars.contains("\"enclave_pcr0\": \"\(SampleDeployment.pcr0)\""))
        let dataKey = try XCTUnwrap(files.first { $0.path == "policies/data-key.json" }).contents
        XCTAssertTrue(dataKey.contains(SampleDeployment.pcr0))
        let unmeasured = try TestEnvironment.generate("inference")
        let withoutPCR = try XCTUnwrap(unmeasured.first { $0.path == "nitroforge.auto.tfvars.json" }).contents
        XCTAssertFalse(withoutPCR.contains("enclave_pcr0\""), "no PCR0 value without measurements")
        let variables = try XCTUnwrap(unmeasured.first { $0.path == "variables.tf" }).contents
        let block = try XCTUnwrap(variables.components(separatedBy: "variable \"enclave_pcr0\"").last?.components(separatedBy: "\n}\n").first)
        XCTAssertFalse(block.contains("default"), "enclave_pcr0 has no default")
    }
}
