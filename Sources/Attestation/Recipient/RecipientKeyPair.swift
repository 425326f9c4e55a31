import _CryptoExtras

/// The enclave's per-boot RSA-2048 key pair: its public half goes into every attestation document sent to
/// KMS as `Recipient`, its private half never leaves the enclave's memory.
///
/// `@unchecked Sendable`: swift-crypto does not mark `_RSA.Encryption.PrivateKey` Sendable, but the key is
/// immutable after creation and BoringSSL's RSA decryption only reads it, so sharing it across tasks is safe.
public struct RecipientKeyPair: @unchecked Sendable {
    public let privateKey: _RSA.Encryption.PrivateKey

    /// A fresh key pair (one per boot).
    public init() throws {
        privateKey = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
    }

    /// The public key as SubjectPublicKeyInfo DER, the form KMS expects in the document's `public_key`.
    public var publicKeyDER: [UInt8] {
        Array(privateKey.publicKey.derRepresentation)
    }
}
