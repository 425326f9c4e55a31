import AWSCore
import AWSKMS
import Foundation
import NitroTestSupport
import XCTest

/// KMSClient against moto (real HTTP, real JSON 1.1), with boto3 as the independent decrypting peer.
final class KMSClientTests: XCTestCase {
    func kms() throws -> KMSClient {
        KMSClient(client: try TestEnvironment.client(.kms, endpoint: try TestEnvironment.motoURL()))
    }

    func testGenerateDataKeyAndDecryptRoundTripThroughAnAliasWithContextAndGrantTokens() async throws {
        let kms = try kms()
        let key = try await kms.createKey(CreateKeyRequest(description: "data key test")).keyMetadata
        let alias = "alias/\(TestEnvironment.uniqueName("data"))"
        try await kms.createAlias(aliasName: alias, targetKeyID: key.keyID)
        let described = try await kms.describeKey(DescribeKeyRequest(keyID: alias, grantTokens: ["grant-token-1"])).keyMetadata
        XCTAssertEqual(described.arn, key.arn)
        XCTAssertEqual(described.keyState, "Enabled")

        let context = ["nitroforge:app": "demo", "nitroforge:job": "0192e3a4-job"]
        let dataKey = try await kms.generateDataKey(GenerateDataKeyRequest(keyID: alias, encryptionContext: context, grantTokens: ["grant-token-1"]))
        XCTAssertEqual(dataKey.keyID, key.arn)
        XCTAssertEqual(dataKey.plaintext?.count, 32)
        XCTAssertNil(dataKey.ciphertextForRecipient)
        XCTAssertFalse("\(dataKey)".contains(Data(dataKey.plaintext!).base64EncodedString()), "description must not show the key")

        let decrypted = try await kms.decrypt(DecryptRequest(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: context))
        XCTAssertEqual(decrypted.plaintext, dataKey.plaintext)
        XCTAssertEqual(decrypted.keyID, key.arn)
    }

    func testDecryptWithAnotherEncryptionContextFailsWithATypedError() async throws {
        let kms = try kms()
        let key = try await kms.createKey().keyMetadata
        let sealed = try await kms.encrypt(EncryptRequest(keyID: key.keyID, plaintext: Array("secret".utf8), encryptionContext: ["a": "1"]))
        do {
            _ = try await kms.decrypt(DecryptRequest(ciphertextBlob: sealed.ciphertextBlob, encryptionContext: ["a": "2"]))
            XCTFail("decrypt with a different context must fail")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.service, "kms")
            XCTAssertEqual(error.operation, "Decrypt")
            XCTAssertEqual(error.statusCode, 400)
            XCTAssertEqual(error.code, "InvalidCiphertextException")
        }
    }

    func testCiphertextFromSwiftDecryptsWithBoto3() async throws {
        let kms = try kms()
        let key = try await kms.createKey().keyMetadata
        let plaintext = Array("plaintext sealed by the Swift client".utf8)
        let context = ["nitroforge:purpose": "input"]
        let sealed = try await kms.encrypt(EncryptRequest(keyID: key.arn, plaintext: plaintext, encryptionContext: context))
        let peer = try Python.run("peer.py", [
            "kms-decrypt", try TestEnvironment.motoURL(), Data(sealed.ciphertextBlob).base64EncodedString(),
            String(decoding: try JSONSerialization.data(withJSONObject: context), as: UTF8.self),
        ])
        XCTAssertEqual(Data(base64Encoded: peer["plaintext"] as! String), Data(plaintext))
        XCTAssertEqual(peer["keyId"] as? String, key.arn)
    }

    func testGenerateRandomReturnsTheRequestedNumberOfFreshBytes() async throws {
        let kms = try kms()
        let first = try await kms.generateRandom(GenerateRandomRequest(numberOfBytes: 32)).plaintext
        let second = try await kms.generateRandom(GenerateRandomRequest(numberOfBytes: 32)).plaintext
        XCTAssertEqual(first?.count, 32)
        XCTAssertNotEqual(first, second)
    }

    func testClientFromTheEnvironmentUsesTheKMSEndpointVariableAndTheCredentialChain() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("home")).path
        let kms = try KMSClient.fromEnvironment(AWSEnvironment([
            "HOME": home,
            "AWS_REGION": "eu-west-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_ENDPOINT_URL_KMS": try TestEnvironment.motoURL(),
            "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT00001",
            "AWS_SECRET_ACCESS_KEY": "environment-secret",
        ]))
        XCTAssertEqual(kms.client.region, "eu-west-1")
        XCTAssertEqual(kms.client.endpoint, try AWSEndpoint(url: try TestEnvironment.motoURL()))
        let key = try await kms.createKey().keyMetadata
        XCTAssertTrue(key.arn.hasPrefix("arn:aws:kms:eu-west-1:"), key.arn)
    }

    /// moto does not implement `Recipient` (only a Nitro enclave's attestation can exercise it), so a loopback
    /// server checks the request KMS would receive and answers with a real `CiphertextForRecipient` sample.
    func testRecipientIsSentAndCiphertextForRecipientIsDecoded() async throws {
        let document = Array(try Data(contentsOf: try TestEnvironment.fixture("kms/evervault-beta-debug-mode-attestation-doc.cbor")))
        let envelope = Array(try Data(contentsOf: try TestEnvironment.fixture("kms/sdkc-envelopeddata-indefinite.ber")))
        let seen = RequestLog()
        let answer = "{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/k\",\"CiphertextBlob\":\"AQID\",\"CiphertextForRecipient\":\"\(Data(envelope).base64EncodedString())\"}"
        let response = try await withLoopbackServer({ request in
            await seen.append(request)
            return CannedResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"], body: answer)
        }) { url in
            let kms = KMSClient(client: try TestEnvironment.client(.kms, endpoint: url))
            return try await kms.generateDataKey(GenerateDataKeyRequest(
                keyID: "alias/results", encryptionContext: ["nitroforge:purpose": "result"], grantTokens: ["g1"],
                recipient: KMSRecipient(attestationDocument: document)))
        }
        XCTAssertNil(response.plaintext)
        XCTAssertEqual(response.ciphertextForRecipient, envelope)
        XCTAssertEqual(response.ciphertextBlob, [1, 2, 3])

        let recorded = await seen.requests
        let request = try XCTUnwrap(recorded.first)
        XCTAssertEqual(request.header("X-Amz-Target"), "TrentService.GenerateDataKey")
        XCTAssertEqual(request.header("Content-Type"), "application/x-amz-json-1.1")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        let recipient = try XCTUnwrap(json["Recipient"] as? [String: String])
        XCTAssertEqual(recipient["KeyEncryptionAlgorithm"], "RSAES_OAEP_SHA_256")
        XCTAssertEqual(recipient["AttestationDocument"].flatMap { Data(base64Encoded: $0) }, Data(document))
        XCTAssertEqual(json["KeyId"] as? String, "alias/results")
        XCTAssertEqual(json["GrantTokens"] as? [String], ["g1"])
        XCTAssertEqual(json["EncryptionContext"] as? [String: String], ["nitroforge:purpose": "result"])
        XCTAssertEqual(json["KeySpec"] as? String, "AES_256")
    }

    func testAuthenticatedMotoAcceptsOurSignatureAndRefusesAWrongSecret() async throws {
        let moto = try AuthenticatedMoto()
        let kms = KMSClient(client: try moto.client(.kms))
        let key = try await kms.createKey().keyMetadata
        let dataKey = try await kms.generateDataKey(GenerateDataKeyRequest(keyID: key.keyID, encryptionContext: ["a": "b"]))
        XCTAssertEqual(dataKey.plaintext?.count, 32)
        let decrypted = try await kms.decrypt(DecryptRequest(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: ["a": "b"]))
        XCTAssertEqual(decrypted.plaintext, dataKey.plaintext)

        let forged = KMSClient(client: try moto.client(.kms, wrongSecret: true))
        await AuthenticatedMoto.assertRefusesSignature(of: "Decrypt") {
            try await forged.decrypt(DecryptRequest(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: ["a": "b"]))
        }
    }
}
