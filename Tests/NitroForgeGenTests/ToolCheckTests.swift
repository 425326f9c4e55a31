import Foundation
import XCTest
@testable import NitroForgeGen

/// The generated output of every example, judged by the linters: checkov, parliament, and python-hcl2
/// against the AWS provider's 6.47.0 schema (Terraform itself judges it in TerraformValidateTests).
final class ToolCheckTests: XCTestCase {
    func testCheckovReportsNoFailedCheck() throws {
        let checkov = try TestEnvironment.tool("checkov")
        let folders = try TestEnvironment.examples.map(TestEnvironment.write)
        defer { folders.forEach { try? FileManager.default.removeItem(at: $0) } }
        let results = UnsafeResults(count: folders.count)
        DispatchQueue.concurrentPerform(iterations: folders.count) { index in
            results.set(index, Result {
                try TestEnvironment.run(checkov, ["-d", folders[index].path, "--compact", "--quiet", "--framework", "terraform", "--skip-download", "-o", "json"])
            })
        }
        for (index, example) in TestEnvironment.examples.enumerated() {
            let run = try results.get(index).get()
            let start = run.output.firstIndex(of: "{")
            let json = try XCTUnwrap(start.map { String(run.output[$0...]) }, "\(example): checkov printed no JSON: \(run.output.suffix(2000))")
            let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let summary = try XCTUnwrap(report?["summary"] as? [String: Any], example)
            let failed = summary["failed"] as? Int ?? -1
            let passed = summary["passed"] as? Int ?? 0
            let failures = ((report?["results"] as? [String: Any])?["failed_checks"] as? [[String: Any]] ?? [])
                .map { "\($0["check_id"] ?? "") \($0["resource"] ?? "")" }
            XCTAssertEqual(failed, 0, "\(example): checkov failed checks: \(failures)")
            XCTAssertGreaterThan(passed, 150, "\(example): checkov ran too few checks")
            XCTAssertEqual(run.status, 0, "\(example): checkov exit status")
        }
    }

    func testParliamentReportsOnlyResourceStarOnKeyPoliciesAndTheConfigSuppressesIt() throws {
        let parliament = try TestEnvironment.tool("parliament")
        let config = try TestEnvironment.repo().appendingPathComponent(".parliament.yaml").path
        for example in TestEnvironment.examples {
            let folder = try TestEnvironment.write(example)
            defer { try? FileManager.default.removeItem(at: folder) }
            let withConfig = try TestEnvironment.run(parliament, ["--directory", "policies", "--config", config, "--json"], in: folder)
            XCTAssertEqual(withConfig.status, 0, "\(example): parliament exit status")
            XCTAssertEqual(withConfig.output.trimmingCharacters(in: .whitespacesAndNewlines), "", "\(example): parliament: \(withConfig.output)")
            let bare = try TestEnvironment.run(parliament, ["--directory", "policies", "--json"], in: folder)
            var keyPoliciesWithResourceStar = Set<String>()
            for line in bare.output.split(separator: "\n") {
                let finding = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                let file = ((finding?["location"] as? [String: Any])?["filepath"] as? String) ?? ""
                XCTAssertEqual(finding?["issue"] as? String, "RESOURCE_STAR", "\(example): \(line)")
                XCTAssertTrue(["policies/data-key.json", "policies/results-key.json", "policies/storage-key.json"].contains(file), "\(example): RESOURCE_STAR outside a key policy: \(file)")
                keyPoliciesWithResourceStar.insert(file)
            }
            XCTAssertEqual(keyPoliciesWithResourceStar.count, 3, "\(example): the muted finding is the key policies' Resource *")
        }
    }

    func testEveryResourceMatchesTheAWSProviderSchema() throws {
        let python = try TestEnvironment.tool("python")
        let script = try XCTUnwrap(Bundle.module.url(forResource: "hcl_to_json", withExtension: "py", subdirectory: "Fixtures"))
        let schemaURL = try XCTUnwrap(Bundle.module.url(forResource: "aws-provider-6.47.0-schema-subset", withExtension: "json", subdirectory: "Fixtures"))
        let schema = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        // Absent from the extracted provider schema (see Fixtures/README.md), so not checkable here.
        let absentFromSource: Set = ["aws_wafv2_web_acl"]
        for example in TestEnvironment.examples {
            let folder = try TestEnvironment.write(example)
            defer { try? FileManager.default.removeItem(at: folder) }
            let tfFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tf") }.sorted()
            let parsed = try TestEnvironment.run(python, [script.path] + tfFiles, in: folder)
            XCTAssertEqual(parsed.status, 0, "\(example): python-hcl2: \(parsed.output)")
            let resources = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String: Any]])
            XCTAssertGreaterThan(resources.count, 40, example)
            for resource in resources {
                let type = resource["type"] as? String ?? ""
                let where_ = "\(example)/\(resource["file"] ?? ""): \(type).\(resource["name"] ?? "")"
                if absentFromSource.contains(type) { continue }
                guard let entry = schema[type] as? [String: Any], let block = entry["block"] as? [String: Any] else {
                    XCTFail("\(where_): no such resource type in provider v6.47.0"); continue
                }
                SchemaCheck.check(body: resource["body"] as? [String: Any] ?? [:], against: block, at: where_)
            }
        }
    }
}

/// Checks one block body against its schema block: every argument exists and is settable, every nested
/// block exists, every required argument and block is present.
enum SchemaCheck {
    static let metaArguments: Set = ["count", "for_each", "depends_on", "lifecycle", "provider", "__is_block__", "__comments__"]

    static func check(body: [String: Any], against block: [String: Any], at location: String) {
        // "objects": a list or set of objects, which HCL also accepts in block syntax (`ingress { ... }`).
        let attributes = block["attributes"] as? [String: [String: Bool]] ?? [:]
        let blockTypes = block["block_types"] as? [String: [String: Any]] ?? [:]
        for (key, value) in body where !metaArguments.contains(key) {
            if let nested = blockTypes[key] {
                let instances = value as? [[String: Any]] ?? []
                XCTAssertFalse(instances.isEmpty, "\(location): \(key) must be a block")
                for instance in instances {
                    XCTAssertEqual(instance["__is_block__"] as? Bool, true, "\(location): \(key) is a block, not an attribute")
                    check(body: instance, against: nested["block"] as? [String: Any] ?? [:], at: "\(location).\(key)")
                }
            } else if let attribute = attributes[key] {
                let settable = attribute["required"] == true || attribute["optional"] == true
                XCTAssertTrue(settable, "\(location): \(key) is computed only")
                if attribute["objects"] != true, let instances = value as? [[String: Any]], instances.first?["__is_block__"] as? Bool == true {
                    XCTFail("\(location): \(key) is an argument, written as a block")
                }
            } else {
                XCTFail("\(location): no argument or block named \(key)")
            }
        }
        for (name, attribute) in attributes where attribute["required"] == true {
            XCTAssertNotNil(body[name], "\(location): required argument \(name) is not set")
        }
        for (name, nested) in blockTypes where (nested["min_items"] as? Int ?? 0) > 0 {
            XCTAssertNotNil(body[name], "\(location): required block \(name) is missing")
        }
    }
}

/// Results written by concurrent checkov runs, one slot each.
final class UnsafeResults: @unchecked Sendable {
    private var values: [Result<(status: Int32, output: String), Error>?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<(status: Int32, output: String), Error>) { lock.withLock { values[index] = value } }
    func get(_ index: Int) -> Result<(status: Int32, output: String), Error> { lock.withLock { values[index]! } }
}
