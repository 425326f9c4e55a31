/// GenerateRandom: random bytes from KMS's HSMs; with `recipient` they are encrypted to the enclave.
public struct GenerateRandomRequest: Sendable, Encodable {
    public var numberOfBytes: Int
    public var customKeyStoreID: String?
    public var recipient: KMSRecipient?

    public init(numberOfBytes: Int, customKeyStoreID: String? = nil, recipient: KMSRecipient? = nil) {
        self.numberOfBytes = numberOfBytes
        self.customKeyStoreID = customKeyStoreID
        self.recipient = recipient
    }

    enum CodingKeys: String, CodingKey {
        case numberOfBytes = "NumberOfBytes", customKeyStoreID = "CustomKeyStoreId", recipient = "Recipient"
    }
}

public struct GenerateRandomResponse: Sendable, Decodable {
    public var plaintext: [UInt8]?
    public var ciphertextForRecipient: [UInt8]?

    enum CodingKeys: String, CodingKey {
        case plaintext = "Plaintext", ciphertextForRecipient = "CiphertextForRecipient"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plaintext = try container.decodeBytesIfPresent(.plaintext)
        ciphertextForRecipient = try container.decodeBytesIfPresent(.ciphertextForRecipient)
    }
}
