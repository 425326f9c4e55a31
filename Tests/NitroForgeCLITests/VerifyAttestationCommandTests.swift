import Foundation
import NitroTestSupport
import XCTest

/// Runs `nitroforge verify-attestation` as a user would on every real AWS document: each verifies at its
/// stated time with the PCRs decoded independently (the `.expected.json` beside it), and the same document
/// with one bit changed is refused.
final class VerifyAttestationCommandTests: XCTestCase {
    static let fixtures = Nitroforge.repo.appendingPathComponent("Tests/AttestationTests/Fixtures/attestation")

    func testEveryRealDocumentVerifiesAndAOneBitChangeIsRefused() throws {
        let expectations = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".expected.json") }.sorted()
        XCTAssertEqual(expectations.count, 4)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-attest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        for name in expectations {
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent(name))) as! [String: Any]
            let document = Self.fixtures.appendingPathComponent(expected["file"] as! String)
            let time = expected["suggested_verification_time_unix"] as! Int
            let pcrs = (expected["decoded_by_researcher"] as! [String: Any])["pcrs_hex"] as! [String: String]
            var arguments = ["verify-attestation", "--at", String(time), "--expect-pcr", "0=\(pcrs["0"]!)", "--expect-pcr", "4=\(pcrs["4"]!)"]
            if pcrs["0"]!.allSatisfy({ $0 == "0" }) { arguments.append("--allow-debug") }

            XCTAssertEqual(try Nitroforge.run(arguments + ["--document", document.path]).status, 0, "\(name): the real document must verify")

            var bytes = try Data(contentsOf: document)
            if document.pathExtension == "b64" {
                bytes = Data(base64Encoded: String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
            }
            bytes[bytes.count / 2] ^= 0x01
            let changed = scratch.appendingPathComponent(name + ".cbor")
            try bytes.write(to: changed)
            XCTAssertEqual(try Nitroforge.run(arguments + ["--document", changed.path]).status, 2, "\(name): one changed bit must be refused")
        }
    }

    /// Any document it does not accept exits 2, readable or not; 1 is kept for usage and unreadable files.
    func testMalformedDocumentsAreRefusedAndOnlyUsageOrUnreadableFilesExit1() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-attest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let real = Self.fixtures.appendingPathComponent("marlin-sample_attestation.cbor")
        let pcr0 = String(repeating: "ab", count: 48)
        let malformed: [(String, Data)] = [
            ("text", Data("not an attestation document".utf8)),
            ("empty", Data()),
            ("truncated", try Data(contentsOf: real).prefix(200)),
            ("array of one", Data([0x84, 0x01])),
        ]
        for (name, bytes) in malformed {
            let file = scratch.appendingPathComponent(name)
            try bytes.write(to: file)
            let run = try Nitroforge.run(["verify-attestation", "--document", file.path, "--expect-pcr", "0=\(pcr0)"])
            XCTAssertEqual(run.status, 2, "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("error: "), "\(name): \(run.stderr)")
        }

        let authenticWithoutExpectations = try Nitroforge.run(["verify-attestation", "--document", real.path, "--at", "1708930774"])
        XCTAssertEqual(authenticWithoutExpectations.status, 2, authenticWithoutExpectations.stderr)
        XCTAssertTrue(authenticWithoutExpectations.stderr.contains("--any-pcrs"), authenticWithoutExpectations.stderr)

        let unreadable = try Nitroforge.run(["verify-attestation", "--document", scratch.appendingPathComponent("absent").path, "--any-pcrs"])
        XCTAssertEqual(unreadable.status, 1, unreadable.stderr)
        for badFlag in [["--expect-pcr", "0=zz"], ["--expect-pcr", "32=\(pcr0)"], ["--nonce", "xyz"], ["--at", "soon"]] {
            let run = try Nitroforge.run(["verify-attestation", "--document", real.path] + badFlag)
            XCTAssertEqual(run.status, 1, "\(badFlag): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Usage: nitroforge verify-attestation"), "\(badFlag): \(run.stderr)")
        }
    }
}

/// `dev attest` writes what `verify-attestation` accepts against the same development root, and nothing
/// else accepts it.
final class DevAttestCommandTests: XCTestCase {
    func testDevAttestDocumentVerifiesAgainstItsRootOnlyWithItsPCRs() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-devattest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let root = scratch.appendingPathComponent("dev-root")
        let document = scratch.appendingPathComponent("attestation.cbor")
        let pcr0 = String(repeating: "3f", count: 48)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let attest = try Nitroforge.run(["dev", "attest", "--dev-root", root.path, "--pcr", "0=\(pcr0)", "--nonce", "0a0b", "--out", document.path])
        XCTAssertEqual(attest.status, 0, attest.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("root.pem").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("root-key.pem").path))

        let rootPEM = root.appendingPathComponent("root.pem").path
        let verified = try Nitroforge.run(["verify-attestation", "--document", document.path, "--root", rootPEM,
                                           "--expect-pcr", "0=\(pcr0)", "--nonce", "0a0b", "--json"])
        XCTAssertEqual(verified.status, 0, verified.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((report?["pcrs"] as? [String: String])?["0"], pcr0)

        let otherPCR = try Nitroforge.run(["verify-attestation", "--document", document.path, "--root", rootPEM,
                                           "--expect-pcr", "0=\(String(repeating: "00", count: 47))01"])
        XCTAssertEqual(otherPCR.status, 2, otherPCR.stderr)
        let awsRoot = try Nitroforge.run(["verify-attestation", "--document", document.path, "--expect-pcr", "0=\(pcr0)"])
        XCTAssertEqual(awsRoot.status, 2, "a development document must never verify against the AWS root: \(awsRoot.stderr)")
        let withoutPCR0 = try Nitroforge.run(["dev", "attest", "--dev-root", root.path, "--pcr", "8=\(pcr0)", "--out", document.path])
        XCTAssertEqual(withoutPCR0.status, 1, withoutPCR0.stderr)
    }
}
