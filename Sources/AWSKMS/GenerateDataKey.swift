/// GenerateDataKey: a fresh data key, in plaintext (or for the `recipient` only) and encrypted under `keyID`.
public struct GenerateDataKeyRequest: Sendable, Encodable {
    /// Key id, ARN, alias name (`alias/...`) or alias ARN.
    public var keyID: String
    /// `AES_256` or `AES_128`; give this or `numberOfBytes`.
    public var keySpec: String?
    public var numberOfBytes: Int?
    public var encryptionContext: [String: String]
    public var grantTokens: [String]
    public var recipient: KMSRecipient?

    public init(keyID: String, keySpec: String? = "AES_256", numberOfBytes: Int? = nil, encryptionContext: [String: String] = [:],
                grantTokens: [String] = [], recipient: KMSRecipient? = nil) {
        self.keyID = keyID
        self.keySpec = keySpec
        self.numberOfBytes = numberOfBytes
        self.encryptionContext = encryptionContext
        self.grantTokens = grantTokens
        self.recipient = recipient
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", keySpec = "KeySpec", numberOfBytes = "NumberOfBytes", encryptionContext = "EncryptionContext"
        case grantTokens = "GrantTokens", recipient = "Recipient"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keyID, forKey: .keyID)
        try container.encodeIfPresent(keySpec, forKey: .keySpec)
        try container.encodeIfPresent(numberOfBytes, forKey: .numberOfBytes)
        try container.encodeUnlessEmpty(encryptionContext, forKey: .encryptionContext)
        try container.encodeUnlessEmpty(grantTokens, forKey: .grantTokens)
        try container.encodeIfPresent(recipient, forKey: .recipient)
    }
}

/// The data key twice: `plaintext` (nil when a `Recipient` was given) and `ciphertextBlob` to store beside the data.
public struct GenerateDataKeyResponse: Sendable, Decodable, CustomStringConvertible {
    /// The key ARN KMS used.
    public var keyID: String
    public var ciphertextBlob: [UInt8]
    /// Secret: wipe it after use.
    public var plaintext: [UInt8]?
    /// CMS EnvelopedData for the recipient's key, when the request had a `Recipient`.
    public var ciphertextForRecipient: [UInt8]?

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", ciphertextBlob = "CiphertextBlob", plaintext = "Plaintext", ciphertextForRecipient = "CiphertextForRecipient"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyID = try container.decode(String.self, forKey: .keyID)
        ciphertextBlob = try container.decodeBytes(.ciphertextBlob)
        plaintext = try container.decodeBytesIfPresent(.plaintext)
        ciphertextForRecipient = try container.decodeBytesIfPresent(.ciphertextForRecipient)
    }

    public var description: String {
        "GenerateDataKeyResponse(keyID: \(keyID), ciphertextBlob: \(ciphertextBlob.count) bytes, plaintext: \(plaintext == nil ? "none" : "redacted"), "
            + "ciphertextForRecipient: \(ciphertextForRecipient.map { "\($0.count) bytes" } ?? "none"))"
    }
}
