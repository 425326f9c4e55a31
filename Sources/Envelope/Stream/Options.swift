/// How a message is written.
public struct EncryptOptions: Sendable {
    /// 0x0478 by default; 0x0578 adds a footer signature.
    public var suite: AlgorithmSuite = .aes256GCMHKDFSHA512CommitKey
    /// Plaintext bytes per frame: 1 MiB by default (the ESDK's default is 4 KiB).
    public var frameLength: Int = 1 << 20
    public var encryptionContext: EncryptionContext = [:]
    public var commitmentPolicy: CommitmentPolicy = .requireEncryptRequireDecrypt
    public var maxEncryptedDataKeys: Int = 3

    public init() {}
}

/// How a message is read.
public struct DecryptOptions: Sendable {
    /// Pairs the caller expects: stored pairs must have these values; pairs not stored are authenticated
    /// as required encryption context (messages written with ``RequiredEncryptionContextCMM``).
    public var encryptionContext: EncryptionContext = [:]
    public var commitmentPolicy: CommitmentPolicy = .requireEncryptRequireDecrypt
    /// Messages with more encrypted data keys are refused before any keyring is called.
    public var maxEncryptedDataKeys: Int = 3
    /// Non-framed bodies (written by old SDKs) are held in memory until their tag verifies: the limit.
    public var maxNonFramedBodyLength: Int = 64 << 20

    public init() {}
}
