import _CryptoExtras
import Attestation
import AttestationVerification
import Crypto
import Foundation
import NitroDev
import NitroFormats
import X509
import XCTest

final class NSMEmulatorTests: XCTestCase {
    private func emulator(pcrs: [Int: [UInt8]] = [:]) throws -> (NSMEmulator, NSMClient) {
        let emulator = NSMEmulator(ca: try DevelopmentCA(), pcrs: pcrs)
        return (emulator, NSMClient(transport: emulator))
    }

    private func measuredPCRs() -> [Int: [UInt8]] {
        [0: Array(SHA384.hash(data: Array("image".utf8))), 1: Array(SHA384.hash(data: Array("kernel".utf8))),
         2: Array(SHA384.hash(data: Array("application".utf8)))]
    }

    func testEmulatorDocumentsVerifyWithTheDevelopmentRootOnly() async throws {
        let (emulator, client) = try emulator(pcrs: measuredPCRs())
        let publicKey = Array(try TestRSAKey.spki())
        let bytes = try client.attestation(userData: [1, 2], nonce: [9, 9, 9], publicKey: publicKey)
        let development = try AttestationVerifier(rootPEM: try emulator.ca.rootPEM())
        let expectations = AttestationExpectations(pcrs: measuredPCRs(), nonce: [9, 9, 9], userData: [1, 2], publicKey: publicKey, maxAgeSeconds: 60)
        let signed = try await development.verify(bytes, expecting: expectations)
        XCTAssertEqual(signed.document.pcrs.count, 16)
        XCTAssertEqual(signed.document.cabundle.count, 4)
        do {
            _ = try await AttestationVerifier.awsNitro().verify(bytes, expecting: expectations)
            XCTFail("an emulator document passed the AWS root")
        } catch let error as AttestationError {
            XCTAssertEqual(error, .untrustedRoot)
        }
    }

    func testDevelopmentChainHasTheShapeOfAWSChain() throws {
        // Path lengths and CA flags of the real chain (marlin sample), root first, against the emulator's.
        func shape(_ certificates: [[UInt8]]) throws -> [String] {
            try certificates.map { der in
                let certificate = try Certificate(derEncoded: der)
                let usage = try certificate.extensions.keyUsage
                return "\(String(describing: try certificate.extensions.basicConstraints)) keyCertSign=\(usage?.keyCertSign ?? false) digitalSignature=\(usage?.digitalSignature ?? false)"
            }
        }
        let real = try SignedAttestation(bytes: try FixtureLoader.document("marlin-sample_attestation.cbor")).document
        let (_, client) = try emulator()
        let development = try SignedAttestation(bytes: try client.attestation()).document
        let realShape = try shape(real.cabundle + [real.certificate])
        let developmentShape = try shape(development.cabundle + [development.certificate])
        XCTAssertEqual(realShape.map { $0.components(separatedBy: " ").first }, developmentShape.map { $0.components(separatedBy: " ").first })
        XCTAssertEqual(realShape.map { $0.contains("keyCertSign=true") }, developmentShape.map { $0.contains("keyCertSign=true") })
    }

    func testDocumentWithFewerPCRsThanExpectedIsRefused() async throws {
        // The CVE-2025-64186 class: a verifier that walks the document's PCRs instead of the expected ones
        // would accept this. The document is authentic (signed under the development root) but lacks PCR8.
        let ca = try DevelopmentCA()
        let document = AttestationDocument(moduleID: "i-0123-enc0123", timestamp: UInt64(Date().timeIntervalSince1970 * 1000),
                                           pcrs: measuredPCRs(), certificate: try ca.leafDER(), cabundle: try ca.cabundle())
        let bytes = try COSESign1.sign(payload: CBOREncoder.encode(document.payload), with: ca.leafKey).encoded()
        var expected = measuredPCRs()
        expected[8] = [UInt8](repeating: 0x11, count: 48)
        let verifier = try AttestationVerifier(rootPEM: try ca.rootPEM())
        _ = try await verifier.verify(bytes, expecting: AttestationExpectations(pcrs: measuredPCRs()))
        do {
            _ = try await verifier.verify(bytes, expecting: AttestationExpectations(pcrs: expected))
            XCTFail("accepted a document without the expected PCR8")
        } catch {
            XCTAssertEqual(error, .pcrMissing(index: 8))
        }
    }

    func testUnsetPCRsLookLikeDebugModeAndAreRefusedByDefault() async throws {
        let (emulator, client) = try emulator()
        let verifier = try AttestationVerifier(rootPEM: try emulator.ca.rootPEM())
        let bytes = try client.attestation()
        do {
            _ = try await verifier.verify(bytes)
            XCTFail("accepted a debug-mode document")
        } catch {
            XCTAssertEqual(error, .debugMode)
        }
    }

    func testPCROperationsFollowTheNSMAPI() throws {
        let (emulator, client) = try emulator(pcrs: measuredPCRs())
        XCTAssertEqual(try client.describePCR(0).value, measuredPCRs()[0])
        XCTAssertTrue(try client.describePCR(0).locked)
        // Extend is SHA-384(old ‖ data); PCR16 starts at 48 zero bytes.
        let extended = try client.extendPCR(16, with: Array("measurement".utf8))
        XCTAssertEqual(extended, Array(SHA384.hash(data: [UInt8](repeating: 0, count: 48) + Array("measurement".utf8))))
        XCTAssertEqual(emulator.pcr(16), extended)
        try client.lockPCR(16)
        XCTAssertThrowsError(try client.extendPCR(16, with: [1])) { XCTAssertEqual($0 as? NSMError, .module(.readOnlyIndex)) }
        XCTAssertThrowsError(try client.extendPCR(0, with: [1])) { XCTAssertEqual($0 as? NSMError, .module(.readOnlyIndex)) }
        XCTAssertThrowsError(try client.describePCR(32)) { XCTAssertEqual($0 as? NSMError, .module(.invalidIndex)) }
        try client.lockPCRs(range: 20)
        let description = try client.describeNSM()
        XCTAssertEqual(description.digest, "SHA384")
        XCTAssertEqual(description.maxPCRs, 32)
        XCTAssertEqual(description.lockedPCRs, Array(0..<20))
        XCTAssertEqual(description.moduleID, emulator.moduleID)
        XCTAssertEqual(try client.random().count, 256)
        XCTAssertThrowsError(try client.attestation(userData: [UInt8](repeating: 0, count: 513))) {
            XCTAssertEqual($0 as? NSMError, .module(.inputTooLarge))
        }
    }

    func testMessagesUseTheDriverEncoding() throws {
        // Bytes of the kernel driver's hand-encoded GetRandom exchange (nitro-formats.md §5).
        XCTAssertEqual(CBOREncoder.encode(NSMRequest.getRandom.cbor), [0x69] + Array("GetRandom".utf8))
        let response: [UInt8] = [0xA1, 0x69] + Array("GetRandom".utf8) + [0xA1, 0x66] + Array("random".utf8) + [0x42, 0x01, 0x02]
        XCTAssertEqual(try NSMResponse(cbor: try CBORDecoder().decode(response)), .getRandom(random: [1, 2]))
        let error: [UInt8] = [0xA1, 0x65] + Array("Error".utf8) + [0x6C] + Array("InvalidIndex".utf8)
        XCTAssertEqual(try NSMResponse(cbor: try CBORDecoder().decode(error)), .error(.invalidIndex))
        // Attestation request: {"Attestation": {"user_data": null, "nonce": h'01', "public_key": null}}.
        let attestation = CBOREncoder.encode(NSMRequest.attestation(userData: nil, nonce: [1], publicKey: nil).cbor)
        XCTAssertEqual(attestation, [0xA1, 0x6B] + Array("Attestation".utf8) + [0xA3, 0x69] + Array("user_data".utf8) + [0xF6, 0x65]
                       + Array("nonce".utf8) + [0x41, 0x01, 0x6A] + Array("public_key".utf8) + [0xF6])
    }

    func testSharedDevelopmentRootIsReloadedFromItsDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devca-\(UUID().uuidString)")
        let first = try DevelopmentCA.shared(in: directory)
        let second = try DevelopmentCA.shared(in: directory)
        XCTAssertEqual(first.root, second.root)
        XCTAssertNotEqual(first.leaf, second.leaf)
        let permissions = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("root-key.pem").path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
    }
}

/// A throwaway RSA-2048 SubjectPublicKeyInfo, the kind of key an enclave puts in `public_key`.
enum TestRSAKey {
    static func spki() throws -> Data {
        try _RSA.Encryption.PrivateKey(keySize: .bits2048).publicKey.derRepresentation
    }
}
