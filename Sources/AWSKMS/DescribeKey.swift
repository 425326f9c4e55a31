import Foundation

/// DescribeKey: resolves an alias or id to the key's ARN and state (the enclave resolves its aliases this way).
public struct DescribeKeyRequest: Sendable, Encodable {
    public var keyID: String
    public var grantTokens: [String]

    public init(keyID: String, grantTokens: [String] = []) {
        self.keyID = keyID
        self.grantTokens = grantTokens
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", grantTokens = "GrantTokens"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keyID, forKey: .keyID)
        try container.encodeUnlessEmpty(grantTokens, forKey: .grantTokens)
    }
}

/// CreateKey: a new key (symmetric encryption by default).
public struct CreateKeyRequest: Sendable, Encodable {
    public var description: String?
    public var keySpec: String?
    public var keyUsage: String?
    /// The key policy JSON; KMS's default policy when nil.
    public var policy: String?

    public init(description: String? = nil, keySpec: String? = nil, keyUsage: String? = nil, policy: String? = nil) {
        self.description = description
        self.keySpec = keySpec
        self.keyUsage = keyUsage
        self.policy = policy
    }

    enum CodingKeys: String, CodingKey {
        case description = "Description", keySpec = "KeySpec", keyUsage = "KeyUsage", policy = "Policy"
    }
}

public struct DescribeKeyResponse: Sendable, Decodable {
    public var keyMetadata: KeyMetadata

    enum CodingKeys: String, CodingKey {
        case keyMetadata = "KeyMetadata"
    }
}

public struct KeyMetadata: Sendable, Decodable, Equatable {
    public var keyID: String
    public var arn: String
    public var keyState: String?
    public var keyUsage: String?
    public var keySpec: String?
    public var enabled: Bool?
    public var description: String?
    public var encryptionAlgorithms: [String]?

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId", arn = "Arn", keyState = "KeyState", keyUsage = "KeyUsage", keySpec = "KeySpec", enabled = "Enabled"
        case description = "Description", encryptionAlgorithms = "EncryptionAlgorithms"
    }
}
