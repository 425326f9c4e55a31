/// The KMS operations the KMS keyring needs, so the keyring does not depend on how they are carried out
/// (the `AWSKMS` client, or an enclave's `Recipient`-based decrypt).
public protocol KMSKeyringClient: Sendable {
    /// `GenerateDataKey`: returns the plaintext key, its ciphertext blob and the ARN of the key used.
    func generateDataKey(
        keyID: String, numberOfBytes: Int, encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (plaintext: [UInt8], ciphertextBlob: [UInt8], keyARN: String)

    /// `Encrypt`: wraps an existing data key under another KMS key.
    func encrypt(
        keyID: String, plaintext: [UInt8], encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (ciphertextBlob: [UInt8], keyARN: String)

    /// `Decrypt` with an explicit key id: returns the plaintext and the ARN of the key that opened it.
    func decrypt(
        keyID: String, ciphertextBlob: [UInt8], encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (plaintext: [UInt8], keyARN: String)
}
