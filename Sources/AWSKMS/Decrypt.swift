/// Decrypt: the plaintext of a KMS ciphertext (or, with `recipient`, that plaintext encrypted to the enclave).
public struct DecryptRequest: Sendable, Encodable {
    public var ciphertextBlob: [UInt8]
    /// When set, KMS refuses a ciphertext of any other key.
    public var keyID: String?
    public var encryptionContext: [String: String]
    public var grantTokens: [String]
    public var encryptionAlgorithm: String?
    public var recipient: KMSRecipient?

    public init(ciphertextBlob: [UInt8], keyID: String? = nil, encryptionContext: [String: String] = [:], grantTokens: [String] = [],
                encryptionAlgorithm: String? = nil, recipient: KMSRecipient? = nil) {
        self.ciphertextBlob = ciphertextBlob
        self.keyID = keyID
        self.encryptionContext = encryptionContext
        self.grantTokens = grantTokens
        self.encryptionAlgorithm = encryptionAlgorithm
        self.recipient = recipient
    }

    enum CodingKeys: String, CodingKey {
        case ciphertextBlob = "CiphertextBlob", keyID = "KeyId", encryptionContext = "EncryptionContext", grantTokens = "GrantTokens"
        case encryptionAlgorithm = "EncryptionAlgorithm", recipient = "Recipient"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeBytes(ciphertextBlob, forKey: .ciphertextBlob)
        try container.encodeIfPresent(keyID, forKey: .keyID)
        try container.encodeUnlessEmpty(encryptionContext, forKey: .encryptionContext)
        try container.encodeUnlessEmpty(grantTokens, forKey: .grantTokens)
        try container.encodeIfPresent(encryptionAlgorithm, forKey: .encryptionAlgorithm)
        try container.encodeIfPresent(recipient, forKey: .recipient)
    }
}

public struct DecryptResponse: Sendable, Decodable, CustomStringConvertible {
    public var keyID: String
    /// Secret: wipe it after use. Nil when the request had a `Recipient`.
    public var plaintext: [UInt8]?
    public var ciphertextForRecipient: [UInt8]?
    public var encryptionAlgorithm: String?

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", plaintext = "Plaintext", ciphertextForRecipient = "CiphertextForRecipient", encryptionAlgorithm = "EncryptionAlgorithm"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyID = try container.decode(String.self, forKey: .keyID)
        plaintext = try container.decodeBytesIfPresent(.plaintext)
        ciphertextForRecipient = try container.decodeBytesIfPresent(.ciphertextForRecipient)
        encryptionAlgorithm = try container.decodeIfPresent(String.self, forKey: .encryptionAlgorithm)
    }

    public var description: String {
        "DecryptResponse(keyID: \(keyID), plaintext: \(plaintext == nil ? "none" : "redacted"), "
            + "ciphertextForRecipient: \(ciphertextForRecipient.map { "\($0.count) bytes" } ?? "none"))"
    }
}
