import AWSCore
import AWSKMS
import AsyncHTTPClient
import Attestation
import Foundation
import Hummingbird
import NIOCore
import NitroDev
import XCTest

/// The whole `Recipient` path (AWSKMS client, emulator document, development KMS front, moto), and the
/// client's refusal of an answer that carries `Plaintext`.
final class RecipientKMSTests: XCTestCase {
    private func motoURL() throws -> String {
        try DevelopmentKMSFrontTests.motoURL().absoluteString
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
        let front = DevelopmentKMSFront(upstream: URL(string: moto)!, verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()))
        try await withServer({ DevelopmentKMSServer.application(front: front, port: 0, onRunning: $0) }) { port in
            let direct = try kms(moto)
            let keyID = try await direct.createKey().keyMetadata.keyID
            let context = ["nitroforge:job": "0190-test"]
            let attested = RecipientKMS(kms: try kms("http://127.0.0.1:\(port)"), nsm: enclave, keyPair: try RecipientKeyPair())
            let (dataKey, blob) = try await attested.generateDataKey(GenerateDataKeyRequest(keyID: keyID, encryptionContext: context))
            XCTAssertEqual(dataKey.count, 32)
            let decrypted = try await attested.decrypt(DecryptRequest(ciphertextBlob: blob, encryptionContext: context))
            XCTAssertEqual(decrypted, dataKey)
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
