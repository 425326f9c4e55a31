import Attestation
import Crypto
import NitroFormats
import X509
import XCTest

final class COSESign1Tests: XCTestCase {
    /// The leaf certificate's key of a real document, read with swift-certificates (not our parser).
    private func leafKey(of message: COSESign1) throws -> P384.Signing.PublicKey {
        let payload = try CBORDecoder().decode(message.payload)
        let der = try XCTUnwrap(payload["certificate"]?.bytesValue)
        let certificate = try Certificate(derEncoded: der)
        return try XCTUnwrap(P384.Signing.PublicKey(certificate.publicKey))
    }

    func testRealDocumentsVerifyWithTheirLeafKey() throws {
        for name in FixtureLoader.realDocuments {
            let message = try COSESign1(decoding: try FixtureLoader.document(name))
            XCTAssertEqual(message.protectedHeader.hex, "a1013822", name)
            XCTAssertEqual(try message.algorithm(), -35, name)
            XCTAssertEqual(message.signature.count, 96, name)
            XCTAssertNoThrow(try message.verify(with: try leafKey(of: message)), name)
        }
    }

    func testEncodingAParsedDocumentGivesBackTheSameBytes() throws {
        for name in FixtureLoader.realDocuments {
            let bytes = try FixtureLoader.document(name)
            XCTAssertEqual(try COSESign1(decoding: bytes).encoded(), bytes, name)
        }
    }

    func testFlippedBitInPayloadOrSignatureFailsVerification() throws {
        let original = try COSESign1(decoding: try FixtureLoader.document("marlin-sample_attestation.cbor"))
        let key = try leafKey(of: original)
        var payloadChanged = original
        payloadChanged.payload[payloadChanged.payload.count - 3] ^= 0x01
        XCTAssertThrowsError(try payloadChanged.verify(with: key)) { XCTAssertEqual($0 as? COSEError, .signatureInvalid) }
        var signatureChanged = original
        signatureChanged.signature[40] ^= 0x80
        XCTAssertThrowsError(try signatureChanged.verify(with: key)) { XCTAssertEqual($0 as? COSEError, .signatureInvalid) }
    }

    func testSignedMessageVerifiesTaggedAndUntaggedAndNotWithAnotherKey() throws {
        let key = P384.Signing.PrivateKey()
        let message = try COSESign1.sign(payload: Array("hello".utf8), with: key)
        XCTAssertEqual(Array(message.encoded().prefix(5)).hex, "8444a10138")
        for tagged in [false, true] {
            let parsed = try COSESign1(decoding: message.encoded(tagged: tagged))
            XCTAssertEqual(parsed, message)
            XCTAssertNoThrow(try parsed.verify(with: key.publicKey))
        }
        XCTAssertEqual(message.encoded(tagged: true).first, 0xD2)
        XCTAssertThrowsError(try message.verify(with: P384.Signing.PrivateKey().publicKey))
    }

    func testSignatureCheckedAgainstIndependentSigStructure() throws {
        // Sig_structure built by hand from RFC 9052 §4.4 with the byte values written out.
        let key = P384.Signing.PrivateKey()
        let message = try COSESign1.sign(payload: [0xAB], with: key)
        let expected: [UInt8] = [0x84, 0x6A] + Array("Signature1".utf8) + [0x44, 0xA1, 0x01, 0x38, 0x22, 0x40, 0x41, 0xAB]
        XCTAssertEqual(message.signedBytes, expected)
        let signature = try P384.Signing.ECDSASignature(rawRepresentation: message.signature)
        XCTAssertTrue(key.publicKey.isValidSignature(signature, for: SHA384.hash(data: expected)))
    }

    func testOtherAlgorithmsAndShapesAreRefused() throws {
        let key = P384.Signing.PrivateKey()
        var message = try COSESign1.sign(payload: [1], with: key)
        message.protectedHeader = CBOREncoder.encode(.map([.init(.unsigned(1), .integer(-7))]))
        XCTAssertThrowsError(try message.verify(with: key.publicKey)) { XCTAssertEqual($0 as? COSEError, .unsupportedAlgorithm(-7)) }
        XCTAssertThrowsError(try COSESign1(decoding: CBOREncoder.encode(.array([.bytes([]), .map([]), .bytes([])])))) {
            XCTAssertEqual($0 as? COSEError, .malformed("expected 4 items, found 3"))
        }
        XCTAssertThrowsError(try COSESign1(decoding: CBOREncoder.encode(.tagged(17, .array([]))))) {
            XCTAssertEqual($0 as? COSEError, .malformed("tag 17 is not COSE_Sign1 (18)"))
        }
        var short = try COSESign1.sign(payload: [1], with: key)
        short.signature.removeLast()
        XCTAssertThrowsError(try short.verify(with: key.publicKey)) { XCTAssertEqual($0 as? COSEError, .signatureLength(95)) }
    }
}
