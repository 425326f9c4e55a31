import Crypto
import NIOCore

/// Wraps data keys with a local AES-GCM key (`framework/raw-aes-keyring.md`). The EDK's provider info is
/// the key name, the tag length in bits, the IV length and the IV; the AAD is the serialized context.
public struct RawAESKeyring: Keyring {
    public let keyNamespace: String
    public let keyName: String
    private let wrappingKey: [UInt8]

    /// - Parameters:
    ///   - keyNamespace: written as the EDK provider id; must not be `aws-kms`.
    ///   - keyName: written at the start of the provider info.
    ///   - wrappingKey: 16, 24 or 32 bytes.
    public init(keyNamespace: String, keyName: String, wrappingKey: [UInt8]) throws {
        guard [16, 24, 32].contains(wrappingKey.count) else {
            throw EnvelopeError(.invalidArgument, "a raw AES wrapping key must be 16, 24 or 32 bytes, not \(wrappingKey.count)")
        }
        try checkRawKeyNamespace(keyNamespace)
        self.keyNamespace = keyNamespace
        self.keyName = keyName
        self.wrappingKey = wrappingKey
    }

    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        let dataKey = materials.dataKeyGeneratingIfNeeded()
        let iv = SymmetricKey(size: .init(bitCount: AlgorithmSuite.ivLength * 8)).bytes
        let aad = try EncryptionContextCoding.serialize(materials.encryptionContext)
        let sealed = try AESGCMCipher(key: wrappingKey, encrypting: true).seal(iv: iv, aad: aad, plaintext: dataKey)
        materials.encryptedDataKeys.append(EncryptedDataKey(
            providerID: keyNamespace, providerInfo: providerInfo(iv: iv), ciphertext: sealed.ciphertext + sealed.tag))
        return materials
    }

    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else { return materials }
        let aad = try EncryptionContextCoding.serialize(materials.encryptionContext)
        let prefix = providerInfo(iv: [])
        let infoLength = prefix.count + AlgorithmSuite.ivLength
        let cipher = try AESGCMCipher(key: wrappingKey, encrypting: false)
        for key in encryptedDataKeys where key.providerID == keyNamespace && key.providerInfo.count == infoLength
            && Array(key.providerInfo.prefix(prefix.count)) == prefix && key.ciphertext.count > AlgorithmSuite.tagLength {
            let iv = Array(key.providerInfo.suffix(AlgorithmSuite.ivLength))
            let body = Array(key.ciphertext.dropLast(AlgorithmSuite.tagLength))
            let tag = Array(key.ciphertext.suffix(AlgorithmSuite.tagLength))
            if let dataKey = try cipher.open(iv: iv, aad: aad, ciphertext: body, tag: tag) {
                var materials = materials
                materials.plaintextDataKey = dataKey
                return materials
            }
        }
        return materials
    }

    /// Key name, tag length in bits (uint32), IV length (uint32), then the IV.
    private func providerInfo(iv: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeString(keyName)
        buffer.writeInteger(UInt32(AlgorithmSuite.tagLength * 8))
        buffer.writeInteger(UInt32(AlgorithmSuite.ivLength))
        buffer.writeBytes(iv)
        return Array(buffer.readableBytesView)
    }
}
