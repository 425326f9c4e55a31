import Foundation
import NitroForgeSpec
import XCTest

/// Every malformed fixture must fail to load with a message at the place its author marked.
final class MalformedSpecTests: XCTestCase {
    struct Expectation {
        let line: Int
        let column: Int
        let fragment: String
    }

    /// Reads `# expect LINE:COLUMN FRAGMENT` from the fixture's first line.
    static func expectation(of url: URL) throws -> Expectation {
        let firstLine = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", maxSplits: 1)[0]
        let parts = firstLine.split(separator: " ", maxSplits: 3).map(String.init)
        XCTAssertEqual(parts.prefix(2), ["#", "expect"], "\(url.lastPathComponent) lacks its expect line")
        let position = parts[2].split(separator: ":").compactMap { Int($0) }
        return Expectation(line: position[0], column: position[1], fragment: parts[3])
    }

    func testThereAreAtLeastThirtyMalformedFixtures() throws {
        XCTAssertGreaterThanOrEqual(try FixtureFiles.malformedSpecs().count, 30)
    }

    func testEveryMalformedSpecFailsWithItsLocationAndMessage() throws {
        for url in try FixtureFiles.malformedSpecs() {
            let expected = try Self.expectation(of: url)
            let name = url.lastPathComponent
            do {
                _ = try SpecLoader.load(path: url.path)
                XCTFail("\(name) loaded, but it is malformed")
            } catch {
                let located = error.issues.filter { $0.line == expected.line && $0.column == expected.column }
                XCTAssertTrue(located.contains { $0.message.contains(expected.fragment) },
                              "\(name): no issue at \(expected.line):\(expected.column) containing \"\(expected.fragment)\"; got:\n\(error)")
                for issue in error.issues {
                    XCTAssertTrue(issue.description.hasPrefix("\(url.path):\(issue.line):\(issue.column): "), issue.description)
                    XCTAssertFalse(issue.allowed.isEmpty, "\(name): \(issue.message) says nothing about what is allowed")
                }
                XCTAssertTrue(error.issues.allSatisfy { $0.line == expected.line },
                              "\(name) has one mistake, at line \(expected.line), but got:\n\(error)")
            }
        }
    }
}
