import CNitroLibCrypto

/// An RSA key from PEM (PKCS#8 private key or SubjectPublicKeyInfo public key) held by the system
/// libcrypto, which, unlike swift-crypto, offers OAEP with SHA-384 and SHA-512.
public final class RSAWrappingKey: @unchecked Sendable {
    /// The paddings the raw RSA keyring allows (`framework/raw-rsa-keyring.md`); OAEP uses the same
    /// hash for MGF1.
    public enum Padding: String, Sendable, CaseIterable {
        case pkcs1 = "pkcs1"
        case oaepSHA1 = "oaep-sha1"
        case oaepSHA256 = "oaep-sha256"
        case oaepSHA384 = "oaep-sha384"
        case oaepSHA512 = "oaep-sha512"
    }

    private let key: OpaquePointer
    public let isPrivate: Bool

    /// Loads a PEM key; a private key can also encrypt.
    public init(pem: String) throws {
        let bytes = Array(pem.utf8)
        let loaded: (OpaquePointer?, Bool) = bytes.withUnsafeBytes { raw in
            let read: (Bool) -> OpaquePointer? = { isPrivate in
                guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
                defer { BIO_free(bio) }
                return isPrivate ? PEM_read_bio_PrivateKey(bio, nil, nil, nil) : PEM_read_bio_PUBKEY(bio, nil, nil, nil)
            }
            if let key = read(true) { return (key, true) }
            return (read(false), false)
        }
        ERR_clear_error()
        guard let key = loaded.0 else { throw EnvelopeError(.invalidArgument, "not a PEM RSA private (PKCS#8) or public key") }
        guard EVP_PKEY_is_a(key, "RSA") == 1 else {
            EVP_PKEY_free(key)
            throw EnvelopeError(.invalidArgument, "the PEM key is not an RSA key")
        }
        self.key = key
        self.isPrivate = loaded.1
    }

    deinit { EVP_PKEY_free(key) }

    func encrypt(_ plaintext: [UInt8], padding: Padding) throws -> [UInt8] {
        try run(plaintext, padding: padding, encrypting: true)
    }

    /// Nil when the ciphertext does not decrypt under this key and padding.
    func decrypt(_ ciphertext: [UInt8], padding: Padding) -> [UInt8]? {
        try? run(ciphertext, padding: padding, encrypting: false)
    }

    private func run(_ input: [UInt8], padding: Padding, encrypting: Bool) throws -> [UInt8] {
        defer { ERR_clear_error() }
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw EnvelopeError(.invalidArgument, "libcrypto could not use the RSA key") }
        defer { EVP_PKEY_CTX_free(context) }
        let failure = EnvelopeError(.keyring, "RSA \(encrypting ? "encryption" : "decryption") with \(padding.rawValue) failed")
        guard (encrypting ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context)) == 1 else { throw failure }
        let digest: OpaquePointer? = switch padding {
        case .pkcs1: nil
        case .oaepSHA1: EVP_sha1()
        case .oaepSHA256: EVP_sha256()
        case .oaepSHA384: EVP_sha384()
        case .oaepSHA512: EVP_sha512()
        }
        if let digest {
            guard EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1,
                  EVP_PKEY_CTX_set_rsa_oaep_md(context, digest) == 1,
                  EVP_PKEY_CTX_set_rsa_mgf1_md(context, digest) == 1
            else { throw failure }
        } else {
            guard EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 else { throw failure }
        }
        var length = 0
        let operation = encrypting ? EVP_PKEY_encrypt : EVP_PKEY_decrypt
        guard operation(context, nil, &length, input, input.count) == 1 else { throw failure }
        var output = [UInt8](repeating: 0, count: length)
        guard operation(context, &output, &length, input, input.count) == 1 else {
            output.resetBytes()
            throw failure
        }
        return Array(output.prefix(length))
    }
}
