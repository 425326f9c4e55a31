@testable import Envelope
import NIOCore
import NitroFormats
import XCTest

final class RoundTripTests: XCTestCase {
    func testEverySuiteRoundTripsAtFrameBoundaries() async throws {
        let frame = 64
        for suite in AlgorithmSuite.all {
            for size in [0, 1, frame - 1, frame, frame + 1, 3 * frame] {
                for chunk in [1, 13, frame, 1000] {
                    var options = EncryptOptions()
                    options.suite = suite
                    options.frameLength = frame
                    options.encryptionContext = ["purpose": "test", "unicode_ключ": "значение"]
                    options.commitmentPolicy = suite.isCommitting ? .requireEncryptRequireDecrypt : .forbidEncryptAllowDecrypt
                    let plaintext = TestKeyrings.bytes(size)
                    let message = try await TestKeyrings.encryptParts(plaintext, chunkSize: chunk, keyring: TestKeyrings.aes(), options: options)
                        .flatMap { $0 }
                    XCTAssertEqual(message[0], suite.messageFormatVersion)
                    var decryptOptions = DecryptOptions()
                    decryptOptions.commitmentPolicy = .requireEncryptAllowDecrypt
                    let decrypted = try await decryptChunked(
                        message, chunkSize: chunk, manager: DefaultCryptographicMaterialsManager(keyring: TestKeyrings.aes()),
                        options: decryptOptions)
                    XCTAssertEqual(decrypted, plaintext, "\(suite) size \(size) chunk \(chunk)")
                }
            }
        }
    }

    func testFramesAreLaidOutAsTheSpecificationSays() async throws {
        var options = EncryptOptions()
        options.frameLength = 16
        let parts = try await TestKeyrings.encryptParts(TestKeyrings.bytes(40), chunkSize: 16, keyring: TestKeyrings.aes(), options: options)
        // header, two regular frames of 4+12+16+16 bytes, a final frame of 4+4+12+4+8+16 bytes
        XCTAssertEqual(parts.count, 4)
        XCTAssertEqual(parts[1].count, 48)
        XCTAssertEqual(Array(parts[1].prefix(4)), [0, 0, 0, 1])
        XCTAssertEqual(Array(parts[2].prefix(16)), [0, 0, 0, 2] + [UInt8](repeating: 0, count: 8) + [0, 0, 0, 2])
        XCTAssertEqual(parts[3].count, 48)
        XCTAssertEqual(Array(parts[3].prefix(8)), [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 3])
        XCTAssertEqual(Array(parts[3][20..<24]), [0, 0, 0, 8])
    }

    func testNonCommittingSuitesNeedAnExplicitPolicy() async throws {
        var options = EncryptOptions()
        options.suite = .aes256GCMHKDFSHA384ECDSAP384
        do {
            _ = try await TestKeyrings.encryptParts([1], chunkSize: 1, keyring: TestKeyrings.aes(), options: options)
            XCTFail("encrypting a non-committing suite under the default policy must fail")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .policy)
        }
        options.commitmentPolicy = .forbidEncryptAllowDecrypt
        let message = try await TestKeyrings.encryptParts([1], chunkSize: 1, keyring: TestKeyrings.aes(), options: options).flatMap { $0 }
        do {
            _ = try await decryptChunked(message, chunkSize: 100, manager: DefaultCryptographicMaterialsManager(keyring: TestKeyrings.aes()), options: DecryptOptions())
            XCTFail("the default policy must refuse to decrypt a non-committing suite")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .policy)
            XCTAssertEqual(error.offset, 1)
        }
    }

    func testEncryptedDataKeyLimitAppliesBothWays() async throws {
        let keyring = try MultiKeyring(generator: TestKeyrings.aes(name: "a"), children: [
            try TestKeyrings.aes(name: "b"), try TestKeyrings.aes(name: "c"), try TestKeyrings.aes(name: "d"),
        ])
        var options = EncryptOptions()
        do {
            _ = try await TestKeyrings.encryptParts([1], chunkSize: 1, keyring: keyring, options: options)
            XCTFail("four encrypted data keys must exceed the default limit of 3")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .policy)
        }
        options.maxEncryptedDataKeys = 4
        let message = try await TestKeyrings.encryptParts([1], chunkSize: 1, keyring: keyring, options: options).flatMap { $0 }
        do {
            _ = try await decryptChunked(message, chunkSize: 100, manager: DefaultCryptographicMaterialsManager(keyring: keyring), options: DecryptOptions())
            XCTFail("decrypt must refuse a message with four encrypted data keys")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .policy)
            XCTAssertTrue(error.message.contains("4 encrypted data keys"), "\(error)")
        }
    }

    func testRequiredContextIsAuthenticatedButNotStored() async throws {
        // A keyring that does not bind the context itself, so header authentication alone must catch a wrong pair.
        let manager = RequiredEncryptionContextCMM(
            underlying: DefaultCryptographicMaterialsManager(keyring: StaticKeyring(dataKey: Array(repeating: 7, count: 32))),
            requiredKeys: ["nitroforge:job"])
        var options = EncryptOptions()
        options.encryptionContext = ["nitroforge:job": "job-1", "nitroforge:app": "demo"]
        var message = ByteBuffer()
        for try await part in EnvelopeClient(materialsManager: manager).encrypt(BufferSequence(ByteBuffer(bytes: [1, 2, 3]), chunkSize: 3), options: options) {
            message.writeImmutableBuffer(part)
        }
        let bytes = Array(message.readableBytesView)
        XCTAssertNil(bytes.firstRange(of: Array("nitroforge:job".utf8)), "a required key must not be stored in the header")
        XCTAssertNotNil(bytes.firstRange(of: Array("nitroforge:app".utf8)))

        var decrypt = DecryptOptions()
        do {
            _ = try await decryptChunked(bytes, chunkSize: 7, manager: manager, options: decrypt)
            XCTFail("the required key must be demanded on decrypt")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .encryptionContext)
        }
        decrypt.encryptionContext = ["nitroforge:job": "job-2"]
        do {
            _ = try await decryptChunked(bytes, chunkSize: 7, manager: manager, options: decrypt)
            XCTFail("another job id must fail header authentication")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .authentication)
        }
        decrypt.encryptionContext = ["nitroforge:job": "job-1"]
        let plaintext = try await decryptChunked(bytes, chunkSize: 7, manager: manager, options: decrypt)
        XCTAssertEqual(plaintext, [1, 2, 3])
    }

    func testReservedContextKeysAreRefused() async throws {
        var options = EncryptOptions()
        options.encryptionContext = ["aws-crypto-public-key": "x"]
        do {
            _ = try await TestKeyrings.encryptParts([1], chunkSize: 1, keyring: TestKeyrings.aes(), options: options)
            XCTFail("a caller may not set aws-crypto- keys")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .encryptionContext)
        }
    }
}
