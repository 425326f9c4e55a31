#if canImport(CCryptoBoringSSL)
import CCryptoBoringSSL

private typealias CipherContext = UnsafeMutablePointer<EVP_CIPHER_CTX>
// swift-crypto's BoringSSL names carry its prefix.
private let aes128GCM = CCryptoBoringSSL_EVP_aes_128_gcm
private let aes192GCM = CCryptoBoringSSL_EVP_aes_192_gcm
private let aes256GCM = CCryptoBoringSSL_EVP_aes_256_gcm
private let newContext = CCryptoBoringSSL_EVP_CIPHER_CTX_new
private let freeContext = CCryptoBoringSSL_EVP_CIPHER_CTX_free
private let cipherInit = CCryptoBoringSSL_EVP_CipherInit_ex
private let control = CCryptoBoringSSL_EVP_CIPHER_CTX_ctrl
private let cipherUpdate = CCryptoBoringSSL_EVP_CipherUpdate
private let cipherFinal = CCryptoBoringSSL_EVP_CipherFinal_ex
#else
// Where swift-crypto builds no BoringSSL (Apple platforms) or no longer exposes it: the system libcrypto.
import CNitroLibCrypto

private typealias CipherContext = OpaquePointer
private let aes128GCM = EVP_aes_128_gcm
private let aes192GCM = EVP_aes_192_gcm
private let aes256GCM = EVP_aes_256_gcm
private let newContext = EVP_CIPHER_CTX_new
private let freeContext = EVP_CIPHER_CTX_free
private let cipherInit = EVP_CipherInit_ex
private let control = EVP_CIPHER_CTX_ctrl
private let cipherUpdate = EVP_CipherUpdate
private let cipherFinal = EVP_CipherFinal_ex
#endif

/// AES-GCM on caller-owned memory through the EVP interface of the BoringSSL that swift-crypto builds in,
/// so a frame is encrypted or decrypted in one pass straight into its output buffer, with no intermediate
/// copies. The key is scheduled once per message; each operation only sets the IV.
///
/// Not the system libcrypto: OpenSSL 3.0's AES-GCM stops at AES-NI with AVX, while this BoringSSL uses
/// VAES and VPCLMULQDQ (AVX-512 or AVX2) where the CPU has them. On the benchmark machine that decrypts
/// a frame streamed from memory at about 6 GB/s instead of 4 (OpenSSL 3.0's own ceiling on the same
/// input, measured from C). BoringSSL is already linked and trusted through swift-crypto; its module is
/// not one of swift-crypto's products (SwiftPM makes it visible as a dependency of Crypto), so should a
/// swift-crypto release stop exposing it, this falls back to the system libcrypto, slower but correct.
final class AESGCMCipher {
    private let context: CipherContext

    /// - Parameters:
    ///   - key: 16, 24 or 32 bytes.
    ///   - encrypting: the direction; a cipher is used for one direction only.
    init(key: [UInt8], encrypting: Bool) throws {
        let cipher: OpaquePointer? = switch key.count {
        case 16: aes128GCM()
        case 24: aes192GCM()
        case 32: aes256GCM()
        default: nil
        }
        guard let cipher, let context = newContext() else {
            throw EnvelopeError(.invalidArgument, "an AES-GCM key must be 16, 24 or 32 bytes, not \(key.count)")
        }
        self.context = context
        let ok = cipherInit(context, cipher, nil, nil, nil, encrypting ? 1 : 0) == 1
            && control(context, EVP_CTRL_AEAD_SET_IVLEN, Int32(AlgorithmSuite.ivLength), nil) == 1
            && cipherInit(context, nil, nil, key, nil, -1) == 1
        guard ok else { throw EnvelopeError(.invalidArgument, "libcrypto refused the AES-GCM key") }
    }

    deinit { freeContext(context) }

    /// Encrypts `plaintext` into `output` (same length) and writes the 16-byte tag into `tag`.
    func seal(
        iv: UnsafeRawBufferPointer, aad: [UnsafeRawBufferPointer], plaintext: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer, tag: UnsafeMutableRawBufferPointer
    ) throws {
        try start(iv: iv, aad: aad)
        try update(plaintext, into: output)
        var length: Int32 = 0
        guard cipherFinal(context, nil, &length) == 1,
              control(context, EVP_CTRL_AEAD_GET_TAG, Int32(AlgorithmSuite.tagLength), tag.baseAddress) == 1
        else { throw EnvelopeError(.invalidArgument, "AES-GCM encryption failed in libcrypto") }
    }

    /// Decrypts `ciphertext` into `output` and returns whether `tag` verifies. When it returns false the
    /// caller must discard (and zero) `output`.
    func open(
        iv: UnsafeRawBufferPointer, aad: [UnsafeRawBufferPointer], ciphertext: UnsafeRawBufferPointer,
        tag: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws -> Bool {
        try start(iv: iv, aad: aad)
        try update(ciphertext, into: output)
        return try verify(tag: tag)
    }

    /// Ends a decryption begun with `start` and fed with `update`: whether `tag` verifies. When it returns
    /// false the caller must discard (and zero) what `update` wrote.
    func verify(tag: UnsafeRawBufferPointer) throws -> Bool {
        guard control(context, EVP_CTRL_AEAD_SET_TAG, Int32(tag.count), UnsafeMutableRawPointer(mutating: tag.baseAddress)) == 1
        else { throw EnvelopeError(.invalidArgument, "libcrypto refused the AES-GCM tag") }
        var length: Int32 = 0
        return cipherFinal(context, nil, &length) == 1
    }

    /// Begins one message part: sets the IV and authenticates `aad`. A part whose input arrives in several
    /// runs (a frame straddling input chunks) is then fed run by run with `update`.
    func start(iv: UnsafeRawBufferPointer, aad: [UnsafeRawBufferPointer]) throws {
        guard iv.count == AlgorithmSuite.ivLength,
              cipherInit(context, nil, nil, nil, iv.bindMemory(to: UInt8.self).baseAddress, -1) == 1
        else { throw EnvelopeError(.invalidArgument, "AES-GCM IV must be \(AlgorithmSuite.ivLength) bytes") }
        for part in aad where part.count > 0 {
            var length: Int32 = 0
            guard cipherUpdate(context, nil, &length, part.bindMemory(to: UInt8.self).baseAddress, Int32(part.count)) == 1
            else { throw EnvelopeError(.invalidArgument, "AES-GCM AAD rejected by libcrypto") }
        }
    }

    /// Runs the cipher over `input` into the start of `output`, in chunks that fit libcrypto's `int` lengths.
    func update(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        precondition(output.count >= input.count)
        let chunk = 1 << 30
        var done = 0
        while done < input.count {
            let count = min(chunk, input.count - done)
            var written: Int32 = 0
            let source = input.baseAddress!.advanced(by: done).assumingMemoryBound(to: UInt8.self)
            let target = output.baseAddress!.advanced(by: done).assumingMemoryBound(to: UInt8.self)
            guard cipherUpdate(context, target, &written, source, Int32(count)) == 1, Int(written) == count
            else { throw EnvelopeError(.invalidArgument, "AES-GCM failed in libcrypto") }
            done += count
        }
    }
}

extension AESGCMCipher {
    /// Convenience for small inputs (header authentication, wrapped data keys): seals `plaintext` and
    /// returns ciphertext and tag.
    func seal(iv: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: AlgorithmSuite.tagLength)
        try iv.withUnsafeBytes { iv in
            try aad.withUnsafeBytes { aad in
                try plaintext.withUnsafeBytes { plaintext in
                    try ciphertext.withUnsafeMutableBytes { output in
                        try tag.withUnsafeMutableBytes { tag in
                            try seal(iv: iv, aad: [aad], plaintext: plaintext, into: output, tag: tag)
                        }
                    }
                }
            }
        }
        return (ciphertext, tag)
    }

    /// Opens small inputs; nil when the tag does not verify.
    func open(iv: [UInt8], aad: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws -> [UInt8]? {
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        let verified = try iv.withUnsafeBytes { iv in
            try aad.withUnsafeBytes { aad in
                try ciphertext.withUnsafeBytes { ciphertext in
                    try tag.withUnsafeBytes { tag in
                        try plaintext.withUnsafeMutableBytes { output in
                            try open(iv: iv, aad: [aad], ciphertext: ciphertext, tag: tag, into: output)
                        }
                    }
                }
            }
        }
        guard verified else {
            plaintext.resetBytes()
            return nil
        }
        return plaintext
    }
}

extension Array where Element == UInt8 {
    /// Overwrites key or plaintext bytes before the array is released.
    mutating func resetBytes() {
        for index in indices { self[index] = 0 }
    }
}
