import Attestation
import AttestationVerification
import Foundation
import XCTest

/// The fail-closed rules of `nitroforge verify-attestation`, through the library it calls.
final class AttestationCheckTests: XCTestCase {
    private func check(_ name: String, pcrs: Bool = true, anyPCRs: Bool = false, allowDebug: Bool = false) throws -> AttestationCheck {
        let expected = try FixtureLoader.expectation(name)
        let stated = (expected["source_stated"] as? [String: Any])?["pcrs_hex"] as? [String: String] ?? [:]
        let expectations = AttestationExpectations(
            pcrs: pcrs ? Dictionary(uniqueKeysWithValues: stated.map { (Int($0.key)!, [UInt8](hex: $0.value)) }) : [:],
            allowDebugMode: allowDebug)
        let time = Date(timeIntervalSince1970: TimeInterval(try XCTUnwrap(expected["suggested_verification_time_unix"] as? Int)))
        return AttestationCheck(verifier: try .awsNitro(), time: time, expectations: expectations, authenticityOnly: anyPCRs)
    }

    private func fileContents(_ name: String) throws -> [UInt8] {
        try FixtureLoader.bytes("attestation/\(name)")
    }

    func testEachRealSampleIsAcceptedAndAOneBitChangeIsRefused() async throws {
        for name in FixtureLoader.realDocuments {
            let isDebug = name.contains("debug") || name.contains("-ga-")
            let check = try check(name, pcrs: !isDebug, anyPCRs: isDebug, allowDebug: isDebug)
            let contents = try fileContents(name)
            let (outcome, report) = await check.run(fileContents: contents)
            guard case .verified = outcome else { return XCTFail("\(name): \(report.failure ?? "")") }
            XCTAssertTrue(report.verified, name)
            XCTAssertEqual(report.pcrs?.count, 16, name)

            var changed = try FixtureLoader.document(name)
            changed[changed.count / 2] ^= 0x01
            let (changedOutcome, changedReport) = await check.run(fileContents: changed)
            switch changedOutcome {
            case .verified: XCTFail("\(name): one-bit change accepted")
            case .refused(let reason): XCTAssertEqual(changedReport.failure, reason, name)
            }
        }
    }

    func testAuthenticDocumentWithoutExpectedPCRsFailsUnlessAnyPCRs() async throws {
        let name = "marlin-sample_attestation.cbor"
        let (strict, report) = try await check(name, pcrs: false).run(fileContents: try fileContents(name))
        guard case .refused(let reason) = strict else { return XCTFail("accepted without expected PCRs") }
        XCTAssertTrue(reason.contains("no PCR value was expected"), reason)
        XCTAssertEqual(report.pcrs?["0"], "17bf8f048519797be90497001a7559a3d555395937117d76f8baaedf56ca6d97952de79479bc0c76e5d176d20f663790")
        let (relaxed, _) = try await check(name, pcrs: false, anyPCRs: true).run(fileContents: try fileContents(name))
        guard case .verified = relaxed else { return XCTFail("--any-pcrs refused an authentic document") }
    }

    func testDebugDocumentIsRefusedUnlessAllowed() async throws {
        let name = "evervault-ga-valid-attestation-doc.b64"
        let (outcome, report) = try await check(name, anyPCRs: true).run(fileContents: try fileContents(name))
        guard case .refused(let reason) = outcome else { return XCTFail("debug document accepted") }
        XCTAssertEqual(reason, AttestationError.debugMode.description)
        XCTAssertEqual(report.debugMode, true)
    }

    func testUnreadableInputIsRefused() async throws {
        let check = try check("marlin-sample_attestation.cbor")
        for contents: [UInt8] in [Array("not a document".utf8), [0x84, 0x01], []] {
            let (outcome, report) = await check.run(fileContents: contents)
            guard case .refused = outcome else { return XCTFail("\(contents) was not refused") }
            XCTAssertNil(report.moduleID)
        }
    }
}
