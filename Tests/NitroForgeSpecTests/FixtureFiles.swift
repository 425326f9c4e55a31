import Foundation
import XCTest

/// Paths of this target's fixtures and of the repository checkout.
enum FixtureFiles {
    static func url(_ relativePath: String) throws -> URL {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures missing from the bundle")
        return url.appendingPathComponent(relativePath)
    }

    static func malformedSpecs() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: url("malformed"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The repository root: `NITROFORGE_REPO` (set by scripts/test.sh), else this file's checkout.
    static var repository: URL {
        if let path = ProcessInfo.processInfo.environment["NITROFORGE_REPO"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
