import Envelope
import Foundation
import NIOCore
import NitroFormats
import XCTest

/// Loads the vendored ESDK vectors (Fixtures/esdk-vectors, see its README) and builds the keyrings a
/// manifest test names.
struct VectorSet {
    struct Key: Decodable {
        let decrypt: Bool
        let keyID: String
        let algorithm: String
        let material: String

        enum CodingKeys: String, CodingKey {
            case decrypt, algorithm, material
            case keyID = "key-id"
        }
    }

    struct MasterKey: Decodable {
        let key: String
        let providerID: String
        let encryptionAlgorithm: String
        let paddingAlgorithm: String?
        let paddingHash: String?

        enum CodingKeys: String, CodingKey {
            case key
            case providerID = "provider-id"
            case encryptionAlgorithm = "encryption-algorithm"
            case paddingAlgorithm = "padding-algorithm"
            case paddingHash = "padding-hash"
        }
    }

    struct Test: Decodable {
        struct Result: Decodable {
            struct Output: Decodable { let plaintext: String }
            struct Failure: Decodable {
                let errorDescription: String
                enum CodingKeys: String, CodingKey { case errorDescription = "error-description" }
            }
            let output: Output?
            let error: Failure?
        }

        let description: String
        let ciphertext: String
        let masterKeys: [MasterKey]
        let cmm: String
        let encryptionContext: [String: String]
        let requiredEncryptionContextKeys: [String]?
        let result: Result

        enum CodingKeys: String, CodingKey {
            case description, ciphertext, cmm, result
            case masterKeys = "master-keys"
            case encryptionContext = "encryption-context"
            case requiredEncryptionContextKeys = "required-encryption-context-keys"
        }
    }

    struct Manifest: Decodable { let tests: [String: Test] }
    struct Keys: Decodable { let keys: [String: Key] }

    let root: URL
    let tests: [String: Test]
    let keys: [String: Key]

    init() throws {
        root = try XCTUnwrap(Bundle.module.resourceURL).appendingPathComponent("Fixtures/esdk-vectors")
        tests = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json"))).tests
        keys = try JSONDecoder().decode(Keys.self, from: Data(contentsOf: root.appendingPathComponent("keys.json"))).keys
    }

    func file(_ uri: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(String(uri.dropFirst("file://".count))))
    }

    /// One raw keyring per decrypting key; several become a multi-keyring (first as generator).
    func materialsManager(for test: Test) throws -> any CryptographicMaterialsManager {
        var keyrings: [any Keyring] = []
        for master in test.masterKeys {
            let key = try XCTUnwrap(keys[master.key], "key \(master.key)")
            guard key.decrypt else { continue }
            switch master.encryptionAlgorithm {
            case "aes":
                keyrings.append(try RawAESKeyring(
                    keyNamespace: master.providerID, keyName: key.keyID,
                    wrappingKey: [UInt8](try XCTUnwrap(Data(base64Encoded: key.material)))))
            case "rsa":
                let padding: RSAWrappingKey.Padding = master.paddingAlgorithm == "pkcs1"
                    ? .pkcs1 : try XCTUnwrap(RSAWrappingKey.Padding(rawValue: "oaep-\(master.paddingHash ?? "")"))
                keyrings.append(try RawRSAKeyring(
                    keyNamespace: master.providerID, keyName: key.keyID, key: try RSAWrappingKey(pem: key.material), padding: padding))
            default:
                XCTFail("unknown algorithm \(master.encryptionAlgorithm)")
            }
        }
        let keyring: any Keyring = keyrings.count == 1
            ? keyrings[0] : try MultiKeyring(generator: keyrings.first, children: Array(keyrings.dropFirst()))
        let manager = DefaultCryptographicMaterialsManager(keyring: keyring)
        guard test.cmm == "RequiredEncryptionContext" else { return manager }
        let required = test.requiredEncryptionContextKeys ?? Array(test.encryptionContext.keys)
        return RequiredEncryptionContextCMM(underlying: manager, requiredKeys: Set(required))
    }
}

/// Decrypts a message fed in chunks of `chunkSize` bytes, collecting the plaintext frames.
func decryptChunked(
    _ message: [UInt8], chunkSize: Int, manager: any CryptographicMaterialsManager, options: DecryptOptions
) async throws -> [UInt8] {
    var plaintext: [UInt8] = []
    let client = EnvelopeClient(materialsManager: manager)
    for try await frame in client.decrypt(BufferSequence(ByteBuffer(bytes: message), chunkSize: chunkSize), options: options) {
        plaintext += frame.readableBytesView
    }
    return plaintext
}
