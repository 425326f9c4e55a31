@testable import Envelope
import Foundation
import NIOCore
import XCTest

/// The official ESDK decrypt vectors (390 must decrypt, 28 must fail) and the 46 key-commitment
/// known-answer vectors, vendored in Fixtures/esdk-vectors.
final class OfficialVectorTests: XCTestCase {
    func testAllManifestVectorsBehaveAsListed() async throws {
        let set = try VectorSet()
        var decrypted = 0
        var rejected = 0
        let chunkSizes = [1, 7, 100, 512, 4096, Int.max]
        for (number, (id, test)) in set.tests.sorted(by: { $0.key < $1.key }).enumerated() {
            let message = [UInt8](try set.file(test.ciphertext))
            var options = DecryptOptions()
            options.commitmentPolicy = .requireEncryptAllowDecrypt
            options.encryptionContext = test.encryptionContext
            let chunkSize = chunkSizes[number % chunkSizes.count]
            let manager = try set.materialsManager(for: test)
            do {
                let plaintext = try await decryptChunked(message, chunkSize: min(chunkSize, message.count), manager: manager, options: options)
                if let output = test.result.output {
                    XCTAssertEqual(plaintext, [UInt8](try set.file(output.plaintext)), "\(id): plaintext differs")
                    decrypted += 1
                } else {
                    XCTFail("\(id) must fail (\(test.result.error?.errorDescription ?? "")) but decrypted")
                }
            } catch let error as EnvelopeError {
                if test.result.error != nil {
                    XCTAssertEqual(error.kind, .authentication, "\(id): \(error)")
                    rejected += 1
                } else {
                    XCTFail("\(id) (\(test.description)) failed: \(error)")
                }
            }
        }
        print("esdk-vectors: \(decrypted) of 390 positive vectors decrypted, \(rejected) of 28 negative vectors rejected")
        XCTAssertEqual(decrypted, 390)
        XCTAssertEqual(rejected, 28)
    }

    func testCommitmentKnownAnswers() async throws {
        struct KAT: Decodable {
            let ciphertext: String
            let commitment: String
            let contentEncryptionKey: String?
            let decryptedDek: String
            let encryptionContext: [String: String]
            let messageId: String
            let plaintextFrames: [String]?
            let status: Bool

            enum CodingKeys: String, CodingKey {
                case ciphertext, commitment, status
                case contentEncryptionKey = "content-encryption-key"
                case decryptedDek = "decrypted-dek"
                case encryptionContext = "encryption-context"
                case messageId = "message-id"
                case plaintextFrames = "plaintext-frames"
            }
        }
        struct File: Decodable { let tests: [KAT] }
        let url = try XCTUnwrap(Bundle.module.resourceURL)
            .appendingPathComponent("Fixtures/esdk-vectors/commitment-kat/commitment-test-vectors.json")
        let kats = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).tests
        var passed = 0
        var failedAsStated = 0
        var checkedContentKeys = 0
        for (index, kat) in kats.enumerated() {
            let message = [UInt8](try XCTUnwrap(Data(base64Encoded: kat.ciphertext)))
            let dataKey = [UInt8](try XCTUnwrap(Data(base64Encoded: kat.decryptedDek)))
            let messageID = [UInt8](try XCTUnwrap(Data(base64Encoded: kat.messageId)))
            let suite = try XCTUnwrap(AlgorithmSuite(id: UInt16(message[1]) << 8 | UInt16(message[2])))
            let keys = try KeyDerivation.derive(suite: suite, dataKey: dataKey, messageID: messageID)
            // For the vectors that must fail, the stated content key belongs to the data key the message was made with, not decrypted-dek.
            if kat.status, let contentKey = kat.contentEncryptionKey {
                XCTAssertEqual(keys.contentKey, [UInt8](try XCTUnwrap(Data(base64Encoded: contentKey))), "KAT \(index): content key")
                checkedContentKeys += 1
            }
            var options = DecryptOptions()
            options.encryptionContext = kat.encryptionContext
            let manager = DefaultCryptographicMaterialsManager(keyring: StaticKeyring(dataKey: dataKey))
            do {
                let plaintext = try await decryptChunked(message, chunkSize: 5, manager: manager, options: options)
                XCTAssertTrue(kat.status, "KAT \(index) must fail but decrypted")
                XCTAssertEqual(keys.commitment, [UInt8](try XCTUnwrap(Data(base64Encoded: kat.commitment))), "KAT \(index): commitment")
                XCTAssertEqual(plaintext, Array(try XCTUnwrap(kat.plaintextFrames).joined().utf8), "KAT \(index): plaintext")
                passed += 1
            } catch let error as EnvelopeError {
                XCTAssertFalse(kat.status, "KAT \(index) failed: \(error)")
                XCTAssertTrue(error.kind == .authentication && error.message.contains("commitment"), "KAT \(index): \(error)")
                failedAsStated += 1
            }
        }
        print("commitment-kat: \(passed) of 41 decrypted with the stated commitment, \(failedAsStated) of 5 rejected for their commitment, \(checkedContentKeys) stated content keys derived")
        XCTAssertEqual(passed, 41)
        XCTAssertEqual(failedAsStated, 5)
    }
}

/// Returns a known data key, as the KATs prescribe ("a materials provider that returns decrypted-dek").
struct StaticKeyring: Keyring {
    let dataKey: [UInt8]

    func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        materials.plaintextDataKey = dataKey
        materials.encryptedDataKeys.append(EncryptedDataKey(providerID: "static", providerInfo: [], ciphertext: [0]))
        return materials
    }

    func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        var materials = materials
        materials.plaintextDataKey = dataKey
        return materials
    }
}
