/// Which suites may be written and read, by key commitment (the ESDK's commitment policy).
public enum CommitmentPolicy: String, Sendable, CaseIterable {
    /// Write and read only committing suites (0x0478, 0x0578). The default.
    case requireEncryptRequireDecrypt = "require-encrypt-require-decrypt"
    /// Write committing suites; also read the older non-committing ones.
    case requireEncryptAllowDecrypt = "require-encrypt-allow-decrypt"
    /// Write non-committing suites only (for readers that predate commitment); read any.
    case forbidEncryptAllowDecrypt = "forbid-encrypt-allow-decrypt"

    func checkEncrypt(_ suite: AlgorithmSuite) throws {
        let allowed = self == .forbidEncryptAllowDecrypt ? !suite.isCommitting : suite.isCommitting
        guard allowed else {
            throw EnvelopeError(.policy, "commitment policy \(rawValue) does not allow encrypting with \(suite)")
        }
    }

    func checkDecrypt(_ suite: AlgorithmSuite, offset: Int) throws {
        guard self != .requireEncryptRequireDecrypt || suite.isCommitting else {
            throw EnvelopeError(.policy, "commitment policy \(rawValue) does not allow decrypting \(suite), which has no key commitment", offset: offset)
        }
    }
}
