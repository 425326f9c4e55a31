import Foundation
import XCTest
@testable import NitroForgeGen

final class RenderSmokeTests: XCTestCase {
    func testWritesSample() throws {
        let files = try Generator(templates: .bundled()).files(for: SampleDeployment.inference)
        let out = URL(fileURLWithPath: "/tmp/nf-sample")
        try? FileManager.default.removeItem(at: out)
        for file in files {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
