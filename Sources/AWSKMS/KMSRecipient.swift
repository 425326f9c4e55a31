/// The Nitro Enclaves `Recipient` parameter: KMS encrypts its answer to the public key inside the
/// attestation document and returns it as `CiphertextForRecipient` (CMS EnvelopedData) instead of `Plaintext`.
public struct KMSRecipient: Sendable, Equatable, Encodable {
    /// The NSM attestation document (COSE_Sign1 bytes) whose `public_key` is an RSA SubjectPublicKeyInfo.
    public var attestationDocument: [UInt8]
    /// KMS accepts only `RSAES_OAEP_SHA_256`.
    public var keyEncryptionAlgorithm: String

    public init(attestationDocument: [UInt8], keyEncryptionAlgorithm: String = "RSAES_OAEP_SHA_256") {
        self.attestationDocument = attestationDocument
        self.keyEncryptionAlgorithm = keyEncryptionAlgorithm
    }

    enum CodingKeys: String, CodingKey {
        case attestationDocument = "AttestationDocument"
        case keyEncryptionAlgorithm = "KeyEncryptionAlgorithm"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Base64Bytes(attestationDocument), forKey: .attestationDocument)
        try container.encode(keyEncryptionAlgorithm, forKey: .keyEncryptionAlgorithm)
    }
}
