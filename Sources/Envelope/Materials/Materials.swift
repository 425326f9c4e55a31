import Crypto

/// What a keyring gets and completes when a message is written: the suite, the full encryption context,
/// the data key (once generated) and its wrapped copies.
public struct EncryptionMaterials: Sendable {
    public var suite: AlgorithmSuite
    /// Every pair bound to the message, including `aws-crypto-public-key` and required pairs.
    public var encryptionContext: EncryptionContext
    /// Keys whose pairs are authenticated but not stored in the header.
    public var requiredEncryptionContextKeys: Set<String>
    public var plaintextDataKey: [UInt8]?
    public var encryptedDataKeys: [EncryptedDataKey]
    public var signingKey: MessageSigningKey?

    public init(
        suite: AlgorithmSuite, encryptionContext: EncryptionContext, requiredEncryptionContextKeys: Set<String> = [],
        plaintextDataKey: [UInt8]? = nil, encryptedDataKeys: [EncryptedDataKey] = [], signingKey: MessageSigningKey? = nil
    ) {
        self.suite = suite
        self.encryptionContext = encryptionContext
        self.requiredEncryptionContextKeys = requiredEncryptionContextKeys
        self.plaintextDataKey = plaintextDataKey
        self.encryptedDataKeys = encryptedDataKeys
        self.signingKey = signingKey
    }
}

extension EncryptionMaterials {
    /// The data key: the one an earlier keyring made, or a new random one set on the materials.
    mutating func dataKeyGeneratingIfNeeded() -> [UInt8] {
        if let plaintextDataKey { return plaintextDataKey }
        let key = SymmetricKey(size: .init(bitCount: suite.keyLength * 8)).bytes
        plaintextDataKey = key
        return key
    }
}

/// What a keyring gets and completes when a message is read.
public struct DecryptionMaterials: Sendable {
    public var suite: AlgorithmSuite
    /// The stored pairs plus the caller's reproduced pairs.
    public var encryptionContext: EncryptionContext
    /// Keys whose pairs were not stored but must be authenticated (appended to the header's AAD).
    public var requiredEncryptionContextKeys: Set<String>
    public var plaintextDataKey: [UInt8]?
    public var verificationKey: MessageVerificationKey?

    public init(
        suite: AlgorithmSuite, encryptionContext: EncryptionContext, requiredEncryptionContextKeys: Set<String> = [],
        plaintextDataKey: [UInt8]? = nil, verificationKey: MessageVerificationKey? = nil
    ) {
        self.suite = suite
        self.encryptionContext = encryptionContext
        self.requiredEncryptionContextKeys = requiredEncryptionContextKeys
        self.plaintextDataKey = plaintextDataKey
        self.verificationKey = verificationKey
    }
}

/// Raw keyrings may not pose as KMS (`framework/raw-aes-keyring.md`, `raw-rsa-keyring.md`).
func checkRawKeyNamespace(_ namespace: String) throws {
    guard namespace != KMSKeyring.providerID else {
        throw EnvelopeError(.invalidArgument, "a raw keyring may not use the namespace \"aws-kms\"")
    }
}

/// Wraps and unwraps data keys (`framework/keyring-interface.md`).
public protocol Keyring: Sendable {
    /// Generates the data key if the materials have none, and adds an encrypted data key.
    func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials
    /// Sets the plaintext data key from the first encrypted data key this keyring can open; returns the
    /// materials unchanged when it can open none.
    func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials
}
