import AsyncHTTPClient
import Attestation
import AttestationVerification
import Foundation
import NIOCore
import NitroDev
import XCTest
import _CryptoExtras

/// The development KMS front against a real moto_server: it must answer `Recipient` requests as KMS does
/// (CiphertextForRecipient for the document's key, never Plaintext) and refuse documents of another root.
final class DevelopmentKMSFrontTests: XCTestCase {
    static func motoURL() throws -> URL {
        guard let text = ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"], let url = URL(string: text) else {
            XCTFail("NITROFORGE_MOTO_URL is not set: run scripts/test.sh, which starts moto_server")
            throw TestSetupError(description: "NITROFORGE_MOTO_URL is not set: run scripts/test.sh")
        }
        return url
    }

    /// Calls moto directly with a KMS JSON request (no Recipient, so no front involved).
    static func callMoto(_ target: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: try motoURL().absoluteString)
        request.method = .POST
        request.headers.add(name: "X-Amz-Target", value: "TrentService.\(target)")
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.1")
        request.headers.add(name: "Authorization", value: authorization)
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        XCTAssertEqual(response.status.code, 200, String(buffer: bytes))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any])
    }

    /// moto routes a request to its KMS by the credential scope of the Authorization header; it checks no signature.
    static let authorization = "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00"

    private let headers = [("X-Amz-Target", "TrentService.GenerateDataKey"), ("Content-Type", "application/x-amz-json-1.1"),
                           ("Authorization", authorization)]

    private func generateDataKeyBody(keyID: String, document: [UInt8]) throws -> [UInt8] {
        let body: [String: Any] = ["KeyId": keyID, "KeySpec": "AES_256", "Recipient": [
            "KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "AttestationDocument": Data(document).base64EncodedString(),
        ]]
        return Array(try JSONSerialization.data(withJSONObject: body))
    }

    func testRecipientRequestIsAnsweredWithCMSForTheDocumentKeyAndNoPlaintext() async throws {
        let ca = try DevelopmentCA()
        let front = try DevelopmentKMSFront(upstream: try Self.motoURL(), verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()))
        let created = try await Self.callMoto("CreateKey", [:])
        let keyID = try XCTUnwrap((created["KeyMetadata"] as? [String: Any])?["KeyId"] as? String)
        let recipientKey = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        let document = try NSMClient(transport: NSMEmulator(ca: ca, pcrs: [0: Self.imagePCR0])).attestation(
            publicKey: Array(recipientKey.publicKey.derRepresentation))

        let reply = try await front.handle(body: try generateDataKeyBody(keyID: keyID, document: document), headers: headers)
        XCTAssertEqual(reply.status, 200)
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        XCTAssertNil(answer["Plaintext"])
        let cms = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(answer["CiphertextForRecipient"] as? String)))
        XCTAssertEqual(Array(cms.prefix(2)), [0x30, 0x80], "KMS's BER shape: indefinite-length ContentInfo")
        let dataKey = try CMSEnvelopedData(berEncoded: Array(cms)).decrypt(with: recipientKey)
        XCTAssertEqual(dataKey.count, 32)

        // Independently: moto, asked directly without Recipient, decrypts the blob to the same key.
        let blob = try XCTUnwrap(answer["CiphertextBlob"] as? String)
        let direct = try await Self.callMoto("Decrypt", ["CiphertextBlob": blob])
        XCTAssertEqual(Data(base64Encoded: try XCTUnwrap(direct["Plaintext"] as? String)).map(Array.init), dataKey)
    }

    /// A measured image's PCR0 (not all zero, so not debug mode).
    static let imagePCR0 = [UInt8](repeating: 0x5a, count: 48)

    /// A debug-mode enclave's memory is readable by its parent: its documents are refused unless the front
    /// is started to accept them.
    func testDebugModeDocumentIsRefusedUnlessAllowed() async throws {
        let ca = try DevelopmentCA()
        let created = try await Self.callMoto("CreateKey", [:])
        let keyID = try XCTUnwrap((created["KeyMetadata"] as? [String: Any])?["KeyId"] as? String)
        let debugDocument = try NSMClient(transport: NSMEmulator(ca: ca)).attestation(publicKey: Array(try TestRSAKey.spki()))
        let body = try generateDataKeyBody(keyID: keyID, document: debugDocument)

        let strict = try DevelopmentKMSFront(upstream: try Self.motoURL(), verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()))
        let refused = try await strict.handle(body: body, headers: headers)
        XCTAssertEqual(refused.status, 400)
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(refused.body)) as? [String: Any])
        XCTAssertTrue((answer["message"] as? String ?? "").contains("debug-mode"), "\(answer)")

        let lenient = try DevelopmentKMSFront(upstream: try Self.motoURL(), verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()),
                                              allowDebug: true)
        let accepted = try await lenient.handle(body: body, headers: headers)
        XCTAssertEqual(accepted.status, 200)
    }

    func testDocumentFromAnotherRootIsRefused() async throws {
        let front = try DevelopmentKMSFront(upstream: try Self.motoURL(), verifier: try AttestationVerifier(rootPEM: try DevelopmentCA().rootPEM()))
        let foreign = try NSMClient(transport: NSMEmulator(ca: try DevelopmentCA())).attestation(publicKey: Array(try TestRSAKey.spki()))
        let reply = try await front.handle(body: try generateDataKeyBody(keyID: "alias/any", document: foreign), headers: headers)
        XCTAssertEqual(reply.status, 400)
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        XCTAssertEqual(answer["__type"] as? String, "ValidationException")
        XCTAssertTrue((answer["message"] as? String ?? "").contains("cabundle[0] is not the trusted root"))
    }

    func testRequestWithoutRecipientPassesThroughUnchanged() async throws {
        let front = try DevelopmentKMSFront(upstream: try Self.motoURL(), verifier: try AttestationVerifier(rootPEM: try DevelopmentCA().rootPEM()))
        let body = Array(try JSONSerialization.data(withJSONObject: ["NumberOfBytes": 24]))
        let reply = try await front.handle(body: body, headers: [("X-Amz-Target", "TrentService.GenerateRandom"),
                                                                 ("Content-Type", "application/x-amz-json-1.1"), ("Authorization", Self.authorization)])
        XCTAssertEqual(reply.status, 200)
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        XCTAssertEqual(Data(base64Encoded: try XCTUnwrap(answer["Plaintext"] as? String))?.count, 24)
    }
}
