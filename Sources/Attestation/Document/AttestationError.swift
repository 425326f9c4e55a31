import NitroFormats

/// Why an attestation document was refused; each case names the step and the field or certificate involved.
public enum AttestationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is larger than any NSM document can be.
    case tooLarge(size: Int, limit: Int)
    /// The outer COSE_Sign1 structure is malformed or not ES384.
    case structure(COSEError)
    /// The payload is not valid CBOR.
    case payload(CBORError)
    /// A payload field breaks AWS's rules: field name, problem.
    case field(String, String)
    /// A certificate does not parse or is not ECDSA P-384 with SHA-384: which ("certificate", "cabundle[1]"), problem.
    case certificate(String, String)
    /// `cabundle[0]` is not the pinned root.
    case untrustedRoot
    /// swift-certificates could not build a valid chain at the given time; the policy failures it reported.
    case chain(String)
    /// The COSE signature does not verify with the leaf certificate's key.
    case signature
    /// The document comes from a debug-mode enclave (PCR0 all zero) and debug mode was not allowed.
    case debugMode
    /// An expected PCR is absent from the document.
    case pcrMissing(index: Int)
    /// An expected PCR has another value.
    case pcrMismatch(index: Int, expected: String, actual: String)
    /// The nonce, user data or public key differs from the expected one: field name.
    case mismatch(String)
    /// The document is older than allowed, or newer than the clock allows: its age in seconds (negative when in the future).
    case age(seconds: Int64, allowed: Int64)
    /// The compiled-in AWS root does not have its published fingerprint.
    case rootFingerprint(String)

    public var description: String {
        switch self {
        case .tooLarge(let size, let limit): return "document is \(size) bytes, larger than the limit of \(limit)"
        case .structure(let error): return error.description
        case .payload(let error): return "payload: \(error)"
        case .field(let name, let problem): return "payload field \(name) \(problem)"
        case .certificate(let which, let problem): return "\(which): \(problem)"
        case .untrustedRoot: return "cabundle[0] is not the trusted root certificate"
        case .chain(let reasons): return "certificate chain does not validate: \(reasons)"
        case .signature: return "COSE signature does not verify with the leaf certificate's key"
        case .debugMode: return "document comes from a debug-mode enclave (PCR0 is all zero)"
        case .pcrMissing(let index): return "PCR\(index) is expected but absent from the document"
        case .pcrMismatch(let index, let expected, let actual): return "PCR\(index) is \(actual), expected \(expected)"
        case .mismatch(let name): return "\(name) differs from the expected value"
        case .age(let seconds, let allowed):
            return seconds < 0
                ? "document timestamp is \(-seconds) s in the future (allowed skew \(allowed) s)"
                : "document is \(seconds) s old, more than the allowed \(allowed) s"
        case .rootFingerprint(let actual): return "compiled-in AWS root has SHA-256 \(actual), not the pinned fingerprint"
        }
    }
}
