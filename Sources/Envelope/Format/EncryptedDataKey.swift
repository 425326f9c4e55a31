/// A data key wrapped by one keyring: who wrapped it (provider id), how to find the wrapping key
/// (provider info) and the wrapped bytes.
public struct EncryptedDataKey: Hashable, Sendable {
    /// The key namespace: `aws-kms` for KMS, the raw keyrings' namespace otherwise.
    public var providerID: String
    /// For KMS the key ARN; for raw AES the key name, tag length, IV length and IV; for raw RSA the key name.
    public var providerInfo: [UInt8]
    public var ciphertext: [UInt8]

    public init(providerID: String, providerInfo: [UInt8], ciphertext: [UInt8]) {
        self.providerID = providerID
        self.providerInfo = providerInfo
        self.ciphertext = ciphertext
    }
}
