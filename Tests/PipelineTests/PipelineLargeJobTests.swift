import Foundation
import NitroTestSupport
import XCTest

/// A large job through an `exec` processor that copies its input: every byte of a 12 MiB result crosses
/// from the enclave to the host (results over a few MiB were once cut off when the enclave closed its
/// connection before the channel had sent them).
final class PipelineLargeJobTests: XCTestCase {
    /// The inference example with its processor replaced by `exec: {argv: [/bin/cat]}`.
    private static let shared = SharedDevStack { spec in
        var lines = spec.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  processor:") else { return spec }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("    ") || lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("#") { end += 1 }
        lines.replaceSubrange(start..<end, with: ["  processor:", "    exec:", "      argv: [/bin/cat]"])
        return lines.joined(separator: "\n")
    }

    override class func tearDown() {
        shared.down()
        super.tearDown()
    }

    func testATwelveMebibyteResultArrivesWhole() throws {
        let stack = try Self.shared.get()
        var generator = SystemRandomNumberGenerator()
        let input = Data((0..<(12 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let file = stack.folder.appendingPathComponent("large.bin")
        try input.write(to: file)
        let job = try stack.submit(file)
        try stack.waitForStatus(job, "done", timeout: 120)

        let out = stack.folder.appendingPathComponent("large.out")
        let outcome = try Nitroforge.run([
            "decrypt", "--in", "s3://\(stack.answer.bucket)/results/\(job).esdk", "--out", out.path, "--key-id", stack.answer.resultsKeyArn,
            "--require-context", "nitroforge:job=\(job)",
        ], environment: stack.environment(stack.answer.identities.resultReader))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(try Data(contentsOf: out), input, "the result is not the input /bin/cat copied")
    }
}
