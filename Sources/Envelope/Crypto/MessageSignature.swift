import Crypto
import Foundation
import BulkDigest

/// The ECDSA key that signs a message (its public half travels in the encryption context as
/// `aws-crypto-public-key`, the base64 of the compressed point).
public enum MessageSigningKey: Sendable {
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)

    static func generate(for signature: AlgorithmSuite.Signature) -> MessageSigningKey {
        switch signature {
        case .ecdsaP256SHA256: .p256(P256.Signing.PrivateKey())
        case .ecdsaP384SHA384: .p384(P384.Signing.PrivateKey())
        }
    }

    /// The value stored under `aws-crypto-public-key`.
    var encodedPublicKey: String {
        switch self {
        case .p256(let key): key.publicKey.compressedRepresentation.base64EncodedString()
        case .p384(let key): key.publicKey.compressedRepresentation.base64EncodedString()
        }
    }
}

/// The public key that verifies a message's footer.
public enum MessageVerificationKey: Sendable {
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)

    /// Decodes the `aws-crypto-public-key` value for `signature`.
    init(encoded: String, for signature: AlgorithmSuite.Signature) throws {
        guard let bytes = Data(base64Encoded: encoded) else {
            throw EnvelopeError(.encryptionContext, "aws-crypto-public-key is not base64")
        }
        do {
            switch signature {
            case .ecdsaP256SHA256: self = .p256(try P256.Signing.PublicKey(compressedRepresentation: bytes))
            case .ecdsaP384SHA384: self = .p384(try P384.Signing.PublicKey(compressedRepresentation: bytes))
            }
        } catch {
            throw EnvelopeError(.encryptionContext, "aws-crypto-public-key is not a compressed point on the suite's curve")
        }
    }
}

/// The running hash of every message byte before the footer. SHA-384 (the committing signed suite,
/// read and written at full message size) runs on the system libcrypto; `SHA384Stream` says why.
struct MessageDigest {
    private enum Hasher {
        case sha256(SHA256)
        case sha384(SHA384Stream)
    }

    private var hasher: Hasher

    init(_ signature: AlgorithmSuite.Signature) {
        switch signature {
        case .ecdsaP256SHA256: hasher = .sha256(SHA256())
        case .ecdsaP384SHA384: hasher = .sha384(SHA384Stream())
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch hasher {
        case .sha256(var h):
            h.update(bufferPointer: bytes)
            hasher = .sha256(h)
        case .sha384(let h):
            h.update(bytes)
        }
    }

    /// DER-encoded ECDSA signature over the hash. Finishes the hash: call once.
    func sign(with key: MessageSigningKey) throws -> [UInt8] {
        switch (hasher, key) {
        case (.sha256(let h), .p256(let key)): return Array(try key.signature(for: h.finalize()).derRepresentation)
        case (.sha384(let h), .p384(let key)): return Array(try key.signature(for: h.finalize()).derRepresentation)
        default: throw EnvelopeError(.invalidArgument, "the signing key does not match the suite's curve")
        }
    }

    /// Whether `signature` verifies. Finishes the hash: call once.
    func verify(_ signature: [UInt8], with key: MessageVerificationKey) -> Bool {
        switch (hasher, key) {
        case (.sha256(let h), .p256(let key)):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: h.finalize())
        case (.sha384(let h), .p384(let key)):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: h.finalize())
        default:
            return false
        }
    }
}
