import AWSKMS
import _CryptoExtras

/// KMS calls whose answers only this enclave can read: each request carries a fresh attestation document
/// with the per-boot public key as `Recipient`, and the answer's `CiphertextForRecipient` is unwrapped
/// here. A response carrying `Plaintext` is refused (a real KMS never sends it with `Recipient`; one that
/// does has been tampered with or is not KMS).
public struct RecipientKMS: Sendable {
    public let kms: KMSClient
    public let nsm: NSMClient
    public let keyPair: RecipientKeyPair

    public init(kms: KMSClient, nsm: NSMClient, keyPair: RecipientKeyPair) {
        self.kms = kms
        self.nsm = nsm
        self.keyPair = keyPair
    }

    /// Decrypts a KMS ciphertext to this enclave; returns the plaintext (wipe it after use).
    public func decrypt(_ request: DecryptRequest) async throws -> [UInt8] {
        var request = request
        request.recipient = try recipient()
        let response = try await kms.decrypt(request)
        return try unwrap(plaintext: response.plaintext, ciphertextForRecipient: response.ciphertextForRecipient, operation: "Decrypt")
    }

    /// A new data key: its plaintext (for this enclave only; wipe it after use) and its KMS ciphertext.
    public func generateDataKey(_ request: GenerateDataKeyRequest) async throws -> (plaintext: [UInt8], ciphertextBlob: [UInt8]) {
        var request = request
        request.recipient = try recipient()
        let response = try await kms.generateDataKey(request)
        let plaintext = try unwrap(plaintext: response.plaintext, ciphertextForRecipient: response.ciphertextForRecipient,
                                   operation: "GenerateDataKey")
        return (plaintext, response.ciphertextBlob)
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

/// Why a `Recipient` answer from KMS was refused.
public enum RecipientKMSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The answer carried `Plaintext` although the request named a recipient: operation name.
    case plaintextInResponse(String)
    /// The answer lacks `CiphertextForRecipient`: operation name.
    case missingCiphertextForRecipient(String)

    public var description: String {
        switch self {
        case .plaintextInResponse(let operation):
            return "KMS \(operation) answered with Plaintext to a Recipient request; refusing it (KMS never does this)"
        case .missingCiphertextForRecipient(let operation):
            return "KMS \(operation) answered without CiphertextForRecipient"
        }
    }
}
