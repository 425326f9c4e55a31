import Attestation
import AttestationVerification
import Crypto
import Foundation
import NitroFormats
import X509
import XCTest

/// The verifier against the real AWS documents: every accepted case is a published document at its
/// source's time, every expectation comes from the source or the research decoder (never from this code).
final class AttestationVerifierTests: XCTestCase {
    private func verificationTime(_ expected: [String: Any]) throws -> Date {
        Date(timeIntervalSince1970: TimeInterval(try XCTUnwrap(expected["suggested_verification_time_unix"] as? Int)))
    }

    private func decoded(_ expected: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap(expected["decoded_by_researcher"] as? [String: Any])
    }

    private func pcrs(_ hexByIndex: [String: String]) -> [Int: [UInt8]] {
        Dictionary(uniqueKeysWithValues: hexByIndex.map { (Int($0.key)!, [UInt8](hex: $0.value)) })
    }

    func testEveryRealDocumentVerifiesAtItsStatedTimeWithItsStatedPCRs() async throws {
        let verifier = try AttestationVerifier.awsNitro()
        for name in FixtureLoader.realDocuments {
            let expected = try FixtureLoader.expectation(name)
            let fields = try decoded(expected)
            let stated = (expected["source_stated"] as? [String: Any])?["pcrs_hex"] as? [String: String]
            let isDebug = stated == nil
            // Sources that state no PCRs are the debug-mode samples: their stated PCRs are the zero ones.
            let zero = String(repeating: "00", count: 48)
            let expectedPCRs = pcrs(stated ?? ["0": zero, "1": zero, "2": zero, "8": zero])
            let expectations = AttestationExpectations(pcrs: expectedPCRs, allowDebugMode: isDebug)
            let signed = try await verifier.verify(try FixtureLoader.document(name), at: try verificationTime(expected), expecting: expectations)
            let document = signed.document
            XCTAssertEqual(document.moduleID, fields["module_id"] as? String, name)
            XCTAssertEqual(document.timestamp, UInt64(try XCTUnwrap(fields["timestamp_ms"] as? Int)), name)
            XCTAssertEqual(document.pcrs, pcrs(try XCTUnwrap(fields["pcrs_hex"] as? [String: String])), name)
            XCTAssertEqual(document.publicKey?.hex, fields["public_key_hex"] as? String, name)
            XCTAssertEqual(document.userData?.hex, fields["user_data_hex"] as? String, name)
            XCTAssertEqual(document.nonce?.hex, fields["nonce_hex"] as? String, name)
            XCTAssertEqual(document.cabundle.count, 4, name)
            XCTAssertEqual(Array(SHA256.hash(data: document.cabundle[0])).hex, AWSNitroRoot.fingerprint, name)
            XCTAssertEqual(document.isDebugMode, isDebug, name)
        }
    }

    func testDebugModeDocumentsShowZeroPCRsAndAreRefusedUnlessAllowed() async throws {
        let verifier = try AttestationVerifier.awsNitro()
        for name in ["evervault-beta-debug-mode-attestation-doc.cbor", "evervault-ga-valid-attestation-doc.b64"] {
            let bytes = try FixtureLoader.document(name)
            let document = try SignedAttestation(bytes: bytes).document
            for index in [0, 1, 2, 8] {
                XCTAssertEqual(document.pcrs[index], [UInt8](repeating: 0, count: 48), "\(name) PCR\(index)")
            }
            await assertRefused(verifier, bytes, at: try verificationTime(try FixtureLoader.expectation(name)), .debugMode)
        }
    }

    func testCompiledRootIsTheFixtureRootWithThePinnedFingerprint() throws {
        let fixture = try Certificate(pemEncoded: try FixtureLoader.text("AWS_NitroEnclaves_Root-G1.pem"))
        XCTAssertEqual(try AWSNitroRoot.certificate(), fixture)
    }

    func testOneBitFlippedInPayloadIsRefused() async throws {
        let (bytes, time) = try marlin()
        // A bit inside PCR0's value: the payload still parses, only the signature can catch it.
        let pcr0 = [UInt8](hex: "17bf8f048519797be90497001a7559a3d555395937117d76f8baaedf56ca6d97952de79479bc0c76e5d176d20f663790")
        let offset = try XCTUnwrap(bytes.firstRange(of: pcr0)).lowerBound + 10
        var changed = bytes
        changed[offset] ^= 0x04
        await assertRefused(try AttestationVerifier.awsNitro(), changed, at: time, .signature)
    }

    func testOneBitFlippedInSignatureIsRefused() async throws {
        let (bytes, time) = try marlin()
        var changed = bytes
        changed[changed.count - 20] ^= 0x01
        await assertRefused(try AttestationVerifier.awsNitro(), changed, at: time, .signature)
    }

    func testOneBitFlippedInEachCertificateIsRefused() async throws {
        let (bytes, time) = try marlin()
        let document = try SignedAttestation(bytes: bytes).document
        let verifier = try AttestationVerifier.awsNitro()
        let expectations = try marlinPCRs()
        for (index, certificate) in ([document.certificate] + document.cabundle).enumerated() {
            // The last byte of each certificate is inside its signature value.
            let end = try XCTUnwrap(bytes.firstRange(of: certificate)).upperBound
            var changed = bytes
            changed[end - 1] ^= 0x01
            do {
                _ = try await verifier.verify(changed, at: time, expecting: expectations)
                XCTFail("certificate \(index) changed but accepted")
            } catch {
                if index == 1 {
                    XCTAssertEqual(error, .untrustedRoot)
                } else {
                    guard case .chain = error else { return XCTFail("certificate \(index): \(error)") }
                }
            }
        }
    }

    func testTimeOutsideLeafValidityIsRefused() async throws {
        let (bytes, _) = try marlin()
        let verifier = try AttestationVerifier.awsNitro()
        let expectations = try marlinPCRs()
        // Leaf validity from the research notes: 2024-02-26T06:59:33Z .. 2024-02-26T09:59:36Z.
        for time in [Date(timeIntervalSince1970: 1_708_930_773 - 1), Date(timeIntervalSince1970: 1_708_941_576 + 1)] {
            do {
                _ = try await verifier.verify(bytes, at: time, expecting: expectations)
                XCTFail("accepted at \(time)")
            } catch {
                guard case .certificate(let name, let problem) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(name, "certificate")
                XCTAssertTrue(problem.hasPrefix("is not valid at"), problem)
            }
        }
        _ = try await verifier.verify(bytes, at: Date(timeIntervalSince1970: 1_708_941_576 - 1), expecting: try marlinPCRs())
    }

    func testWrongRootIsRefused() async throws {
        let (bytes, time) = try marlin()
        let otherRootKey = P384.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("aws.nitro-enclaves") }
        let otherRoot = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(otherRootKey.publicKey),
            notValidBefore: Date(timeIntervalSince1970: 0), notValidAfter: Date(timeIntervalSince1970: 4_000_000_000),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA384,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(otherRootKey))
        await assertRefused(try AttestationVerifier(root: otherRoot), bytes, at: time, .untrustedRoot)
    }

    func testExpectedPCRThatDiffersOrIsAbsentIsRefused() async throws {
        let (bytes, time) = try marlin()
        let verifier = try AttestationVerifier.awsNitro()
        var differing = try marlinPCRs()
        differing.pcrs[2]![47] ^= 0x01
        do {
            _ = try await verifier.verify(bytes, at: time, expecting: differing)
            XCTFail("accepted a differing PCR2")
        } catch {
            guard case .pcrMismatch(let index, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 2)
        }
        var absent = try marlinPCRs()
        absent.pcrs[16] = [UInt8](repeating: 0, count: 48)
        await assertRefused(verifier, bytes, at: time, .pcrMissing(index: 16), expecting: absent)
    }

    func testNonceUserDataPublicKeyAndAgeAreCompared() async throws {
        let (bytes, time) = try marlin()
        let verifier = try AttestationVerifier.awsNitro()
        let fields = try decoded(try FixtureLoader.expectation("marlin-sample_attestation.cbor"))
        var matching = try marlinPCRs()
        matching.publicKey = [UInt8](hex: try XCTUnwrap(fields["public_key_hex"] as? String))
        matching.userData = [UInt8](hex: try XCTUnwrap(fields["user_data_hex"] as? String))
        matching.maxAgeSeconds = 60
        _ = try await verifier.verify(bytes, at: time, expecting: matching)

        var nonce = matching
        nonce.nonce = [1, 2, 3]
        await assertRefused(verifier, bytes, at: time, .mismatch("nonce"), expecting: nonce)
        var userData = matching
        userData.userData = Array("{}".utf8)
        await assertRefused(verifier, bytes, at: time, .mismatch("user_data"), expecting: userData)
        var publicKey = matching
        publicKey.publicKey![0] ^= 1
        await assertRefused(verifier, bytes, at: time, .mismatch("public_key"), expecting: publicKey)
        // Timestamp 1708930921 s; at +3600 s the document is an hour old.
        await assertRefused(verifier, bytes, at: Date(timeIntervalSince1970: 1_708_930_921 + 3600),
                            .age(seconds: 3600, allowed: 60), expecting: matching)
    }

    func testTruncatedOversizedAndDeeplyNestedInputIsRefused() async throws {
        let (bytes, time) = try marlin()
        let verifier = try AttestationVerifier.awsNitro()
        do {
            _ = try await verifier.verify(Array(bytes.dropLast(7)), at: time)
            XCTFail("accepted truncated input")
        } catch {
            guard case .structure(.cbor(let cbor)) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(cbor.reason, .truncated)
            // 84, protected (1 + 4), unprotected (1), payload (3 + n): the signature string starts after them.
            XCTAssertEqual(cbor.offset, 1 + 5 + 1 + 3 + (try payloadLength(bytes)), "offset of the signature string")
        }
        await assertRefused(verifier, bytes + [UInt8](repeating: 0, count: 16 * 1024), at: time, .tooLarge(size: bytes.count + 16 * 1024, limit: 16 * 1024))
        let deep = [UInt8](repeating: 0x81, count: 1000) + [0x00]
        await assertRefused(verifier, deep, at: time, .structure(.cbor(CBORError(.tooDeep(limit: 8), at: 8))))
    }

    // MARK: helpers

    private func marlin() throws -> ([UInt8], Date) {
        (try FixtureLoader.document("marlin-sample_attestation.cbor"), Date(timeIntervalSince1970: 1_708_930_774))
    }

    /// PCR0/1/2/4 as stated by the source's test (NitroProver.t.sol).
    private func marlinPCRs() throws -> AttestationExpectations {
        let stated = try XCTUnwrap((try FixtureLoader.expectation("marlin-sample_attestation.cbor")["source_stated"] as? [String: Any])?["pcrs_hex"] as? [String: String])
        return AttestationExpectations(pcrs: pcrs(stated))
    }

    private func payloadLength(_ bytes: [UInt8]) throws -> Int {
        try SignedAttestation(bytes: bytes).message.payload.count
    }

    private func assertRefused(
        _ verifier: AttestationVerifier, _ bytes: [UInt8], at time: Date, _ expected: AttestationError,
        expecting: AttestationExpectations = .init(), line: UInt = #line
    ) async {
        do {
            _ = try await verifier.verify(bytes, at: time, expecting: expecting)
            XCTFail("accepted, expected \(expected)", line: line)
        } catch {
            XCTAssertEqual(error, expected, line: line)
        }
    }
}
