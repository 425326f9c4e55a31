import AWSCore
import AWSKMS
@testable import Envelope
import Foundation
import NIOCore
import XCTest

/// The KMS keyring against moto_server: one GenerateDataKey per message with the context passed to KMS,
/// the key-ARN filter and the discovery filter on decrypt.
final class KMSKeyringTests: XCTestCase {
    private func kms() throws -> KMSClient {
        guard let moto = ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"] else {
            XCTFail("NITROFORGE_MOTO_URL is not set: run scripts/test.sh")
            throw XCTSkip("no moto_server")
        }
        return try KMSClient.fromEnvironment(AWSEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_KMS": moto, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
        ]))
    }

    private func encrypt(_ client: EnvelopeClient, context: EncryptionContext) async throws -> ByteBuffer {
        var options = EncryptOptions()
        options.suite = .aes256GCMHKDFSHA512CommitKeyECDSAP384
        options.encryptionContext = context
        return try await client.encrypt(ByteBuffer(bytes: TestKeyrings.bytes(5000)), options: options)
    }

    func testDataKeyIsBoundToTheContextInKMS() async throws {
        let kms = try kms()
        let key = try await kms.createKey().keyMetadata.arn
        let client = EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [key]))
        let message = try await encrypt(client, context: ["nitroforge:job": "job-7"])
        let parsed = try MessageHeader.parse(message, maxEncryptedDataKeys: 3)
        let edk = try XCTUnwrap(parsed.header.encryptedDataKeys.first)
        XCTAssertEqual(parsed.header.encryptedDataKeys.count, 1)
        XCTAssertEqual(edk.providerID, "aws-kms")
        XCTAssertEqual(String(decoding: edk.providerInfo, as: UTF8.self), key)
        // KMS itself refuses the wrapped key without the message's context (which includes aws-crypto-public-key).
        do {
            _ = try await kms.decrypt(DecryptRequest(ciphertextBlob: edk.ciphertext, keyID: key, encryptionContext: ["nitroforge:job": "job-7"]))
            XCTFail("KMS must refuse the data key without the full encryption context")
        } catch {}
        let full = parsed.header.encryptionContext
        XCTAssertNotNil(full["aws-crypto-public-key"])
        let opened = try await kms.decrypt(DecryptRequest(ciphertextBlob: edk.ciphertext, keyID: key, encryptionContext: full))
        XCTAssertEqual(opened.plaintext?.count, 32)
        let (plaintext, _) = try await client.decrypt(message)
        XCTAssertEqual(Array(plaintext.readableBytesView), TestKeyrings.bytes(5000))
    }

    func testOnlyDataKeysOfTheGivenARNsAreOpened() async throws {
        let kms = try kms()
        let key = try await kms.createKey().keyMetadata.arn
        let other = try await kms.createKey().keyMetadata.arn
        let message = try await encrypt(EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [key])), context: [:])
        do {
            _ = try await EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [other])).decrypt(message)
            XCTFail("a keyring filtered to another ARN must not open the data key")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .keyring)
        }
        let arn = try XCTUnwrap(KMSKeyARN(key))
        let wrongAccount = KMSKeyring(discoveryClient: kms, filter: KMSDiscoveryFilter(partition: arn.partition, accounts: ["999999999999"]))
        do {
            _ = try await EnvelopeClient(keyring: wrongAccount).decrypt(message)
            XCTFail("the discovery filter must refuse keys of other accounts")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .keyring)
        }
        let wrongPartition = KMSKeyring(discoveryClient: kms, filter: KMSDiscoveryFilter(partition: "aws-cn", accounts: [arn.account]))
        await XCTAssertThrowsErrorAsync(try await EnvelopeClient(keyring: wrongPartition).decrypt(message))
        let discovery = KMSKeyring(discoveryClient: kms, filter: KMSDiscoveryFilter(partition: arn.partition, accounts: [arn.account]))
        let (plaintext, header) = try await EnvelopeClient(keyring: discovery).decrypt(message)
        XCTAssertEqual(plaintext.readableBytes, 5000)
        XCTAssertEqual(header.suite, .aes256GCMHKDFSHA512CommitKeyECDSAP384)
    }

    func testKeyARNsParse() {
        let arn = KMSKeyARN("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        XCTAssertEqual(arn?.partition, "aws-us-gov")
        XCTAssertEqual(arn?.account, "111122223333")
        XCTAssertEqual(arn?.region, "us-gov-west-1")
        XCTAssertNil(KMSKeyARN("1234abcd-12ab-34cd-56ef-1234567890ab"))
        XCTAssertNil(KMSKeyARN("arn:aws:s3:::bucket"))
        XCTAssertNil(KMSKeyARN("arn:aws:kms:us-east-1:111122223333:key/"))
    }
}

func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {}
}
