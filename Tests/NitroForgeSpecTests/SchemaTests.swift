import Foundation
import NitroForgeSpec
import XCTest

/// The committed schema, reference and examples are what the description table generates, and an
/// independent validator (python-jsonschema over PyYAML) accepts the examples and rejects broken ones.
final class SchemaTests: XCTestCase {
    private func committed(_ path: String) throws -> String {
        try String(contentsOf: FixtureFiles.repository.appendingPathComponent(path), encoding: .utf8)
    }

    func testCommittedSchemaIsTheGeneratedOne() throws {
        XCTAssertEqual(try committed("docs/nitroforge.schema.json"), SpecSchema.text(),
                       "regenerate with: nitroforge schema > docs/nitroforge.schema.json")
    }

    func testCommittedReferenceIsTheGeneratedOne() throws {
        XCTAssertEqual(try committed("docs/spec-reference.md"), SpecReference.markdown(),
                       "regenerate with: nitroforge schema --markdown > docs/spec-reference.md")
    }

    func testExamplesAreWhatInitWrites() throws {
        for example in SpecExample.allCases {
            XCTAssertEqual(try committed("examples/\(example.rawValue)/nitroforge.yaml"),
                           example.yaml(schemaReference: SpecExample.repositorySchemaReference),
                           "regenerate with: nitroforge init --example \(example.rawValue) --out examples/\(example.rawValue)/nitroforge.yaml --force and fix the schema comment")
        }
    }

    func testSchemaIsAValidDraft2020SchemaThatAcceptsTheExamples() throws {
        let files = SpecExample.allCases.map { FixtureFiles.repository.appendingPathComponent("examples/\($0.rawValue)/nitroforge.yaml") }
            + [try FixtureFiles.url("valid/minimal.yaml")]
        let results = try PythonSchemaValidator.validate(files)
        XCTAssertEqual(results.count, files.count, "one validation result per file")
        for (file, errors) in zip(files, results) {
            XCTAssertEqual(errors, [], file.path)
        }
    }

    func testSchemaRejectsBrokenExamples() throws {
        let inference = try committed("examples/inference/nitroforge.yaml")
        let existingVPC = try committed("examples/existing-vpc/nitroforge.yaml")
        // Each variant beside the example it was made from, so that a replacement that no longer
        // matches is caught as "changed nothing" rather than passing as a copy of a valid example.
        let broken: [(original: String, text: String)] = [
            (inference, inference.replacingOccurrences(of: "  image:", with: "  instanceTyp: m6i.xlarge\n  image:")),
            (inference, inference.replacingOccurrences(of: "wafRateLimit: 2000", with: "wafRateLimit: \"many\"")),
            (inference, inference.replacingOccurrences(of: "region: us-east-1", with: "region: mars-1")),
            (inference, inference.replacingOccurrences(of: "    oidc:", with: "    apiKeys: [{name: a, sha256: \(String(repeating: "a", count: 64))}]\n    oidc:")),
            (inference, inference.replacingOccurrences(of: "  processor:\n", with: "  processor: {}\n  unused:\n")),
            (inference, Self.removingBlock("  ingress:", from: inference)),
            (existingVPC, existingVPC.replacingOccurrences(of: "  vpcId: vpc-0a1b2c3d4e5f60718\n", with: "")),
            (existingVPC, existingVPC.replacingOccurrences(
                of: "  auth:\n", with: "  ingress:\n    certificateArn: arn:aws:acm:us-west-2:111122223333:certificate/4f3c2a1b-8d7e-4c6b-9a5f-0e1d2c3b4a59\n  auth:\n")),
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        for (index, variant) in broken.enumerated() {
            XCTAssertNotEqual(variant.text, variant.original, "broken variant \(index) changed nothing")
            let file = folder.appendingPathComponent("broken-\(index).yaml")
            try variant.text.write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let results = try PythonSchemaValidator.validate(files)
        XCTAssertEqual(results.count, files.count, "one validation result per file")
        for (file, errors) in zip(files, results) {
            XCTAssertFalse(errors.isEmpty, "\(file.lastPathComponent) passed the schema")
            XCTAssertThrowsError(try SpecLoader.load(path: file.path), "\(file.lastPathComponent) passed validate")
        }
    }

    /// The text without the line `header` and the more deeply indented lines under it.
    private static func removingBlock(_ header: String, from text: String) -> String {
        var kept: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == header {
                inside = true
            } else if inside, line.hasPrefix(header.prefix { $0 == " " } + "  ") {
                continue
            } else {
                inside = false
                kept.append(line)
            }
        }
        return kept.joined(separator: "\n")
    }
}
