import AWSCore
import AWSKMS
import Attestation
import AttestationVerification
import EnclaveKMS
import Envelope
import Foundation
import Hummingbird
import NIOCore
import NitroDev
import XCTest

/// The whole `Recipient` path (AWSKMS client, emulator document, development KMS front, moto), the
/// client's refusal of an answer that carries `Plaintext`, and `RecipientKMS` as the KMS keyring's client.
final class RecipientKMSTests: XCTestCase {
    private func motoURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"] else {
            XCTFail("NITROFORGE_MOTO_URL is not set: run scripts/test.sh, which starts moto_server")
            throw CancellationError()
        }
        return url
    }

    private func kms(_ url: String) throws -> KMSClient {
        try KMSClient.fromEnvironment(AWSEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_KMS": url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        ]))
    }

    func testGenerateDataKeyThenDecryptThroughTheFrontGiveTheSameKey() async throws {
        let moto = try motoURL()
        let ca = try DevelopmentCA()
        let enclave = NSMClient(transport: NSMEmulator(ca: ca, pcrs: [0: [UInt8](repeating: 7, count: 48)]))
        let front = try DevelopmentKMSFront(upstream: URL(string: moto)!, verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()))
        try await withServer({ DevelopmentKMSServer.application(front: front, port: 0, onRunning: $0) }) { port in
            let direct = try kms(moto)
            let keyID = try await direct.createKey().keyMetadata.keyID
            let context = ["nitroforge:job": "0190-test"]
            let attested = RecipientKMS(kms: try kms("http://127.0.0.1:\(port)"), nsm: enclave, keyPair: try RecipientKeyPair())
            let (dataKey, blob, generatedUnder) = try await attested.generateDataKey(GenerateDataKeyRequest(keyID: keyID, encryptionContext: context))
            XCTAssertEqual(dataKey.count, 32)
            let decrypted = try await attested.decrypt(DecryptRequest(ciphertextBlob: blob, encryptionContext: context))
            XCTAssertEqual(decrypted.plaintext, dataKey)
            XCTAssertEqual(decrypted.keyARN, generatedUnder)
            XCTAssertTrue(decrypted.keyARN.hasPrefix("arn:aws:kms:us-east-1:") && decrypted.keyARN.hasSuffix(keyID), decrypted.keyARN)
            // Independently: moto itself, asked without Recipient, holds the same key.
            let fromMoto = try await direct.decrypt(DecryptRequest(ciphertextBlob: blob, encryptionContext: context))
            XCTAssertEqual(fromMoto.plaintext, dataKey)
        }
    }

    func testResponseCarryingPlaintextIsRefused() async throws {
        let keyPair = try RecipientKeyPair()
        let ca = try DevelopmentCA()
        // A server that answers like KMS but also sends Plaintext (a tampering proxy, or not KMS at all).
        let router = Router()
        router.post("/") { _, _ -> Response in
            let body = try JSONSerialization.data(withJSONObject: [
                "KeyId": "arn:aws:kms:us-east-1:111122223333:key/test", "Plaintext": Data(repeating: 1, count: 32).base64EncodedString(),
                "CiphertextForRecipient": Data([0x30, 0x80]).base64EncodedString(),
            ])
            return Response(status: .ok, headers: [.contentType: "application/x-amz-json-1.1"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let makeApplication = { (onRunning: @escaping @Sendable (Int) async -> Void) in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: { await onRunning($0.localAddress?.port ?? 0) })
        }
        try await withServer(makeApplication) { port in
            let attested = RecipientKMS(kms: try kms("http://127.0.0.1:\(port)"), nsm: NSMClient(transport: NSMEmulator(ca: ca)), keyPair: keyPair)
            do {
                _ = try await attested.decrypt(DecryptRequest(ciphertextBlob: [1, 2, 3]))
                XCTFail("accepted an answer with Plaintext")
            } catch {
                XCTAssertEqual(error as? RecipientKMSError, .plaintextInResponse("Decrypt"))
            }
        }
    }

    /// A job written by the producer's keyring (the plain KMS client) opens with the enclave's keyring, which
    /// names the exact key ARN; a keyring pinned to another ARN refuses the same message.
    func testEnclaveKeyringDecryptsAMessageTheProducerKeyringWrote() async throws {
        let moto = try motoURL()
        let ca = try DevelopmentCA()
        let front = try DevelopmentKMSFront(upstream: URL(string: moto)!, verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()))
        try await withServer({ DevelopmentKMSServer.application(front: front, port: 0, onRunning: $0) }) { port in
            let direct = try kms(moto)
            let keyARN = try await direct.createKey().keyMetadata.arn
            let otherARN = try await direct.createKey().keyMetadata.arn
            let plaintext = Array("rows of a sensitive job".utf8)
            var encrypt = EncryptOptions()
            encrypt.encryptionContext = ["nitroforge:job": "0190-keyring"]
            let producer = EnvelopeClient(keyring: try KMSKeyring(client: direct, keyIDs: [keyARN]))
            let message = try await producer.encrypt(ByteBuffer(bytes: plaintext), options: encrypt)

            let enclaveKMS = RecipientKMS(kms: try kms("http://127.0.0.1:\(port)"),
                                          nsm: NSMClient(transport: NSMEmulator(ca: ca, pcrs: [0: [UInt8](repeating: 7, count: 48)])),
                                          keyPair: try RecipientKeyPair())
            let enclave = EnvelopeClient(keyring: try KMSKeyring(client: enclaveKMS, keyIDs: [keyARN]))
            let (opened, header) = try await enclave.decrypt(message, options: DecryptOptions())
            XCTAssertEqual(Array(opened.readableBytesView), plaintext)
            XCTAssertEqual(header.encryptionContext["nitroforge:job"], "0190-keyring")

            let pinnedElsewhere = EnvelopeClient(keyring: try KMSKeyring(client: enclaveKMS, keyIDs: [otherARN]))
            do {
                _ = try await pinnedElsewhere.decrypt(message, options: DecryptOptions())
                XCTFail("a keyring pinned to another key opened the message")
            } catch let error as EnvelopeError {
                XCTAssertEqual(error.kind, .keyring, "\(error)")
            }
        }
    }

    /// KMS has no `Encrypt` with `Recipient`: the enclave keyring says so instead of sending a plain Encrypt.
    func testEncryptHasNoRecipientForm() async throws {
        let enclaveKMS = RecipientKMS(kms: try kms("http://127.0.0.1:9"), nsm: NSMClient(transport: NSMEmulator(ca: try DevelopmentCA())),
                                      keyPair: try RecipientKeyPair())
        do {
            _ = try await enclaveKMS.encrypt(keyID: "arn:aws:kms:us-east-1:111122223333:key/x", plaintext: [1], encryptionContext: [:], grantTokens: [])
            XCTFail("Encrypt was attempted")
        } catch {
            XCTAssertEqual(error as? RecipientKMSError, .noRecipientForm("Encrypt"))
        }
    }

    /// Runs `makeApplication`'s server until `body` returns; the closure given to it reports the bound port.
    private func withServer<App: ApplicationProtocol>(
        _ makeApplication: (@escaping @Sendable (Int) async -> Void) -> App, _ body: (Int) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = makeApplication { continuation.yield($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return XCTFail("server did not start") }
            try await body(port)
            group.cancelAll()
        }
    }
}
