/// Wraps data keys with a local RSA key (`framework/raw-rsa-keyring.md`): PKCS#1 v1.5 or OAEP with
/// SHA-1/256/384/512 (MGF1 with the same hash). The EDK's provider info is the key name.
public struct RawRSAKeyring: Keyring {
    public let keyNamespace: String
    public let keyName: String
    public let padding: RSAWrappingKey.Padding
    private let key: RSAWrappingKey

    /// - Parameter key: a public key (encrypt only) or a private key (encrypt and decrypt).
    public init(keyNamespace: String, keyName: String, key: RSAWrappingKey, padding: RSAWrappingKey.Padding) throws {
        try checkRawKeyNamespace(keyNamespace)
        self.keyNamespace = keyNamespace
        self.keyName = keyName
        self.key = key
        self.padding = padding
    }

    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        let dataKey = materials.dataKeyGeneratingIfNeeded()
        let wrapped = try key.encrypt(dataKey, padding: padding)
        materials.encryptedDataKeys.append(EncryptedDataKey(
            providerID: keyNamespace, providerInfo: Array(keyName.utf8), ciphertext: wrapped))
        return materials
    }

    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil, key.isPrivate else { return materials }
        let name = Array(keyName.utf8)
        for edk in encryptedDataKeys where edk.providerID == keyNamespace && edk.providerInfo == name {
            if let dataKey = key.decrypt(edk.ciphertext, padding: padding) {
                var materials = materials
                materials.plaintextDataKey = dataKey
                return materials
            }
        }
        return materials
    }
}
