import AWSKMS
import Attestation
import Envelope

/// KMS calls whose answers only this enclave can read: each request carries a fresh attestation document
/// with the per-boot public key as `Recipient`, and the answer's `CiphertextForRecipient` is unwrapped
/// here. A response carrying `Plaintext` is refused (a real KMS never sends it with `Recipient`; one that
/// does has been tampered with or is not KMS). As a `KMSKeyringClient` it lets the ESDK's KMS keyring
/// decrypt jobs and generate result keys inside the enclave, matching the exact key ARNs KMS answers with.
public struct RecipientKMS: Sendable {
    public let kms: KMSClient
    public let nsm: NSMClient
    public let keyPair: RecipientKeyPair

    public init(kms: KMSClient, nsm: NSMClient, keyPair: RecipientKeyPair) {
        self.kms = kms
        self.nsm = nsm
        self.keyPair = keyPair
    }

    /// Decrypts a KMS ciphertext to this enclave: the plaintext (wipe it after use) and the ARN of the key
    /// KMS used.
    public func decrypt(_ request: DecryptRequest) async throws -> (plaintext: [UInt8], keyARN: String) {
        var request = request
        request.recipient = try recipient()
        let response = try await kms.decrypt(request)
        let plaintext = try unwrap(plaintext: response.plaintext, ciphertextForRecipient: response.ciphertextForRecipient, operation: "Decrypt")
        return (plaintext, response.keyID)
    }

    /// A new data key: its plaintext (for this enclave only; wipe it after use), its KMS ciphertext and the
    /// ARN of the key KMS used.
    public func generateDataKey(_ request: GenerateDataKeyRequest) async throws -> (plaintext: [UInt8], ciphertextBlob: [UInt8], keyARN: String) {
        var request = request
        request.recipient = try recipient()
        let response = try await kms.generateDataKey(request)
        let plaintext = try unwrap(plaintext: response.plaintext, ciphertextForRecipient: response.ciphertextForRecipient,
                                   operation: "GenerateDataKey")
        return (plaintext, response.ciphertextBlob, response.keyID)
    }

    private func recipient() throws -> KMSRecipient {
        KMSRecipient(attestationDocument: try nsm.attestation(publicKey: keyPair.publicKeyDER))
    }

    private func unwrap(plaintext: [UInt8]?, ciphertextForRecipient: [UInt8]?, operation: String) throws -> [UInt8] {
        guard plaintext == nil else { throw RecipientKMSError.plaintextInResponse(operation) }
        guard let ciphertextForRecipient else { throw RecipientKMSError.missingCiphertextForRecipient(operation) }
        return try CMSEnvelopedData(berEncoded: ciphertextForRecipient).decrypt(with: keyPair.privateKey)
    }
}

extension RecipientKMS: KMSKeyringClient {
    public func generateDataKey(
        keyID: String, numberOfBytes: Int, encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (plaintext: [UInt8], ciphertextBlob: [UInt8], keyARN: String) {
        try await generateDataKey(GenerateDataKeyRequest(
            keyID: keyID, keySpec: nil, numberOfBytes: numberOfBytes, encryptionContext: encryptionContext, grantTokens: grantTokens))
    }

    /// KMS `Encrypt` has no `Recipient` form, and the results key denies it without attestation, so an
    /// enclave keyring wraps under one key only (its generator).
    public func encrypt(
        keyID: String, plaintext: [UInt8], encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (ciphertextBlob: [UInt8], keyARN: String) {
        throw RecipientKMSError.noRecipientForm("Encrypt")
    }

    public func decrypt(
        keyID: String, ciphertextBlob: [UInt8], encryptionContext: EncryptionContext, grantTokens: [String]
    ) async throws -> (plaintext: [UInt8], keyARN: String) {
        try await decrypt(DecryptRequest(
            ciphertextBlob: ciphertextBlob, keyID: keyID, encryptionContext: encryptionContext, grantTokens: grantTokens))
    }
}
