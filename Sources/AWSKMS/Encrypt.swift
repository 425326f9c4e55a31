/// Encrypt: up to 4 KiB of plaintext under a KMS key (larger data goes through a data key).
public struct EncryptRequest: Sendable, Encodable {
    public var keyID: String
    public var plaintext: [UInt8]
    public var encryptionContext: [String: String]
    public var grantTokens: [String]
    public var encryptionAlgorithm: String?

    public init(keyID: String, plaintext: [UInt8], encryptionContext: [String: String] = [:], grantTokens: [String] = [],
                encryptionAlgorithm: String? = nil) {
        self.keyID = keyID
        self.plaintext = plaintext
        self.encryptionContext = encryptionContext
        self.grantTokens = grantTokens
        self.encryptionAlgorithm = encryptionAlgorithm
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", plaintext = "Plaintext", encryptionContext = "EncryptionContext", grantTokens = "GrantTokens"
        case encryptionAlgorithm = "EncryptionAlgorithm"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keyID, forKey: .keyID)
        try container.encodeBytes(plaintext, forKey: .plaintext)
        try container.encodeUnlessEmpty(encryptionContext, forKey: .encryptionContext)
        try container.encodeUnlessEmpty(grantTokens, forKey: .grantTokens)
        try container.encodeIfPresent(encryptionAlgorithm, forKey: .encryptionAlgorithm)
    }
}

public struct EncryptResponse: Sendable, Decodable {
    public var keyID: String
    public var ciphertextBlob: [UInt8]
    public var encryptionAlgorithm: String?

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", ciphertextBlob = "CiphertextBlob", encryptionAlgorithm = "EncryptionAlgorithm"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyID = try container.decode(String.self, forKey: .keyID)
        ciphertextBlob = try container.decodeBytes(.ciphertextBlob)
        encryptionAlgorithm = try container.decodeIfPresent(String.self, forKey: .encryptionAlgorithm)
    }
}
