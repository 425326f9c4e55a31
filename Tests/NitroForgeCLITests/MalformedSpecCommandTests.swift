import Foundation
import NitroTestSupport
import XCTest

/// Runs the built `nitroforge` executable on every malformed spec fixture: the process must exit 1, name
/// the file, line and column on standard error, and write nothing.
final class MalformedSpecCommandTests: XCTestCase {
    static let fixtures = Nitroforge.repo.appendingPathComponent("Tests/NitroForgeSpecTests/Fixtures/malformed")

    func testGenerateAndValidateRefuseEveryMalformedSpecWithALocationAndWriteNothing() throws {
        let specs = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(specs.count, 30)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        for name in specs {
            let spec = Self.fixtures.appendingPathComponent(name)
            let expectation = try String(contentsOf: spec, encoding: .utf8).split(separator: "\n")[0]
            let location = expectation.split(separator: " ")[2]  // "# expect LINE:COLUMN fragment"
            let out = scratch.appendingPathComponent(name + ".out")

            let generate = try Nitroforge.run(["generate", "--spec", spec.path, "--out", out.path])
            XCTAssertEqual(generate.status, 1, "\(name): generate exit status")
            XCTAssertTrue(generate.stderr.contains("\(spec.path):\(location):"), "\(name): \(generate.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(name): generate wrote \(out.path)")

            let validate = try Nitroforge.run(["validate", "--spec", spec.path])
            XCTAssertEqual(validate.status, 1, "\(name): validate exit status")
            XCTAssertTrue(validate.stderr.contains("\(spec.path):\(location):"), "\(name): \(validate.stderr)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
        XCTAssertEqual(leftovers, [], "nothing may be written next to the output folders either")
    }
}
