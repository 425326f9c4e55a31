@testable import NitroForgeSpec
import Foundation
import XCTest

final class SpecYAMLWriterTests: XCTestCase {
    /// Strings YAML would read as something else, or not at all, come back unchanged through the loader.
    func testQuotedStringsReadBackUnchanged() throws {
        let tricky = ["yes", "No", "123", "0x1F", "1e3", "3.14", "null", "~", "", "a: b", "#hash", "- dash", "x #y",
                      "quote\"inside", "back\\slash", "trailing:", "@at", "plain-value", "arn:aws:iam::111122223333:role/a"]
        let minimal = try String(contentsOf: FixtureFiles.url("valid/minimal.yaml"), encoding: .utf8)
        var text = minimal + "tags:\n"
        for (index, value) in tricky.enumerated() {
            text += "  t\(index): \(SpecYAMLWriter.quoted(value))\n"
        }
        let spec = try SpecLoader.load(yaml: text, file: "tags.yaml", sourceFile: URL(fileURLWithPath: "/specs/tags.yaml"))
        for (index, value) in tricky.enumerated() {
            XCTAssertEqual(spec.tags["t\(index)"], value)
        }
        XCTAssertEqual(SpecYAMLWriter.quoted("plain-value"), "plain-value", "safe strings stay plain")
    }

    func testInitOutputLoadsToTheSameSpecAsTheCommittedExample() throws {
        for example in SpecExample.allCases {
            let committed = FixtureFiles.repository.appendingPathComponent("examples/\(example.rawValue)/nitroforge.yaml")
            let fromInit = try SpecLoader.load(yaml: example.yaml(schemaReference: "nitroforge.schema.json"),
                                               file: "init.yaml", sourceFile: committed)
            XCTAssertEqual(fromInit, try SpecLoader.load(path: committed.path), example.rawValue)
        }
    }
}
