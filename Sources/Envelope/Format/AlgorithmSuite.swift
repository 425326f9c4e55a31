/// An ESDK algorithm suite: the cipher, key derivation, commitment and signature a message uses.
/// All eleven suites of the specification (`framework/algorithm-suites.md`) are known; which ones may be
/// used is decided by the ``CommitmentPolicy``.
public struct AlgorithmSuite: Hashable, Sendable, CustomStringConvertible {
    /// How the data key becomes the content key.
    public enum KeyDerivation: Sendable, Hashable {
        case identity
        case hkdfSHA256
        case hkdfSHA384
        /// HKDF-SHA512 with the message id as salt, plus a 32-byte key commitment (format version 2).
        case hkdfSHA512Committing
    }

    /// The footer signature, when the suite signs.
    public enum Signature: Sendable, Hashable {
        case ecdsaP256SHA256
        case ecdsaP384SHA384
    }

    /// The two-byte identifier written in the header.
    public let id: UInt16
    /// The name the AWS SDKs and `aws-encryption-cli --algorithm` use.
    public let name: String
    /// AES key length in bytes (16, 24 or 32); also the data key length.
    public let keyLength: Int
    public let keyDerivation: KeyDerivation
    public let signature: Signature?

    public static let ivLength = 12
    public static let tagLength = 16
    /// Length of the key commitment value in a version 2 header.
    public static let commitmentLength = 32

    public static let aes128GCMIV12Tag16NoKDF = Self(0x0014, "AES_128_GCM_IV12_TAG16", 16, .identity, nil)
    public static let aes192GCMIV12Tag16NoKDF = Self(0x0046, "AES_192_GCM_IV12_TAG16", 24, .identity, nil)
    public static let aes256GCMIV12Tag16NoKDF = Self(0x0078, "AES_256_GCM_IV12_TAG16", 32, .identity, nil)
    public static let aes128GCMHKDFSHA256 = Self(0x0114, "AES_128_GCM_IV12_TAG16_HKDF_SHA256", 16, .hkdfSHA256, nil)
    public static let aes192GCMHKDFSHA256 = Self(0x0146, "AES_192_GCM_IV12_TAG16_HKDF_SHA256", 24, .hkdfSHA256, nil)
    public static let aes256GCMHKDFSHA256 = Self(0x0178, "AES_256_GCM_IV12_TAG16_HKDF_SHA256", 32, .hkdfSHA256, nil)
    public static let aes128GCMHKDFSHA256ECDSAP256 = Self(
        0x0214, "AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256", 16, .hkdfSHA256, .ecdsaP256SHA256)
    public static let aes192GCMHKDFSHA384ECDSAP384 = Self(
        0x0346, "AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384", 24, .hkdfSHA384, .ecdsaP384SHA384)
    public static let aes256GCMHKDFSHA384ECDSAP384 = Self(
        0x0378, "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384", 32, .hkdfSHA384, .ecdsaP384SHA384)
    public static let aes256GCMHKDFSHA512CommitKey = Self(
        0x0478, "AES_256_GCM_HKDF_SHA512_COMMIT_KEY", 32, .hkdfSHA512Committing, nil)
    public static let aes256GCMHKDFSHA512CommitKeyECDSAP384 = Self(
        0x0578, "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384", 32, .hkdfSHA512Committing, .ecdsaP384SHA384)

    public static let all: [AlgorithmSuite] = [
        .aes128GCMIV12Tag16NoKDF, .aes192GCMIV12Tag16NoKDF, .aes256GCMIV12Tag16NoKDF,
        .aes128GCMHKDFSHA256, .aes192GCMHKDFSHA256, .aes256GCMHKDFSHA256,
        .aes128GCMHKDFSHA256ECDSAP256, .aes192GCMHKDFSHA384ECDSAP384, .aes256GCMHKDFSHA384ECDSAP384,
        .aes256GCMHKDFSHA512CommitKey, .aes256GCMHKDFSHA512CommitKeyECDSAP384,
    ]

    private init(_ id: UInt16, _ name: String, _ keyLength: Int, _ kdf: KeyDerivation, _ signature: Signature?) {
        self.id = id
        self.name = name
        self.keyLength = keyLength
        self.keyDerivation = kdf
        self.signature = signature
    }

    /// The suite with this header id, if the specification defines one.
    public init?(id: UInt16) {
        guard let suite = Self.all.first(where: { $0.id == id }) else { return nil }
        self = suite
    }

    /// The suite with this name (`AES_256_GCM_HKDF_SHA512_COMMIT_KEY`) or hex id (`0x0478`).
    public init?(name: String) {
        let hex = name.lowercased().hasPrefix("0x") ? UInt16(name.dropFirst(2), radix: 16) : nil
        guard let suite = Self.all.first(where: { $0.name == name.uppercased() || $0.id == hex }) else { return nil }
        self = suite
    }

    /// Committing suites are written in message format version 2, the others in version 1.
    public var isCommitting: Bool { keyDerivation == .hkdfSHA512Committing }
    public var messageFormatVersion: UInt8 { isCommitting ? 2 : 1 }
    /// Message id length: 16 bytes in format version 1, 32 in version 2.
    public var messageIDLength: Int { isCommitting ? 32 : 16 }

    public var description: String { "\(name) (0x\(String(id, radix: 16, uppercase: false).leftPadded(to: 4)))" }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
