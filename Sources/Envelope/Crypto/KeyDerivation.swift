import Crypto

/// Derives the content key (and, for committing suites, the key commitment) from a data key, as
/// `framework/algorithm-suites.md` defines per suite.
enum KeyDerivation {
    struct Keys {
        var contentKey: [UInt8]
        /// Present for committing suites; compared with the header's commitment before anything is decrypted.
        var commitment: [UInt8]?
    }

    static func derive(suite: AlgorithmSuite, dataKey: [UInt8], messageID: [UInt8]) throws -> Keys {
        guard dataKey.count == suite.keyLength else {
            throw EnvelopeError(.keyring, "the data key is \(dataKey.count) bytes; suite \(suite) needs \(suite.keyLength)")
        }
        let ikm = SymmetricKey(data: dataKey)
        let suiteID = [UInt8(suite.id >> 8), UInt8(suite.id & 0xFF)]
        switch suite.keyDerivation {
        case .identity:
            return Keys(contentKey: dataKey, commitment: nil)
        case .hkdfSHA256:
            let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, info: suiteID + messageID, outputByteCount: suite.keyLength)
            return Keys(contentKey: key.bytes, commitment: nil)
        case .hkdfSHA384:
            let key = HKDF<SHA384>.deriveKey(inputKeyMaterial: ikm, info: suiteID + messageID, outputByteCount: suite.keyLength)
            return Keys(contentKey: key.bytes, commitment: nil)
        case .hkdfSHA512Committing:
            let key = HKDF<SHA512>.deriveKey(
                inputKeyMaterial: ikm, salt: messageID, info: suiteID + Array("DERIVEKEY".utf8), outputByteCount: suite.keyLength)
            let commit = HKDF<SHA512>.deriveKey(
                inputKeyMaterial: ikm, salt: messageID, info: Array("COMMITKEY".utf8), outputByteCount: AlgorithmSuite.commitmentLength)
            return Keys(contentKey: key.bytes, commitment: commit.bytes)
        }
    }

    /// Constant-time comparison for commitments and tags.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

extension SymmetricKey {
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
