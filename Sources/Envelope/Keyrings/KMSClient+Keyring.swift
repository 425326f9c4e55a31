import AWSKMS

/// The `AWSKMS` client as the KMS keyring's transport.
extension KMSClient: KMSKeyringClient {
    public func generateDataKey(
        keyID: String, numberOfBytes: Int, encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (plaintext: [UInt8], ciphertextBlob: [UInt8], keyARN: String) {
        let response = try await generateDataKey(GenerateDataKeyRequest(
            keyID: keyID, keySpec: nil, numberOfBytes: numberOfBytes, encryptionContext: encryptionContext, grantTokens: grantTokens))
        guard let plaintext = response.plaintext else {
            throw EnvelopeError(.keyring, "KMS GenerateDataKey under \(keyID) returned no plaintext data key")
        }
        return (plaintext, response.ciphertextBlob, response.keyID)
    }

    public func encrypt(
        keyID: String, plaintext: [UInt8], encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (ciphertextBlob: [UInt8], keyARN: String) {
        let response = try await encrypt(EncryptRequest(
            keyID: keyID, plaintext: plaintext, encryptionContext: encryptionContext, grantTokens: grantTokens))
        return (response.ciphertextBlob, response.keyID)
    }

    public func decrypt(
        keyID: String, ciphertextBlob: [UInt8], encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (plaintext: [UInt8], keyARN: String) {
        let response = try await decrypt(DecryptRequest(
            ciphertextBlob: ciphertextBlob, keyID: keyID, encryptionContext: encryptionContext, grantTokens: grantTokens))
        guard let plaintext = response.plaintext else {
            throw EnvelopeError(.keyring, "KMS Decrypt under \(keyID) returned no plaintext data key")
        }
        return (plaintext, response.keyID)
    }
}
