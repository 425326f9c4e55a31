import JobProtocol

/// Why a job produced no stored result. Every case leaves the message in the queue (it is retried, then
/// redriven to the DLQ); `code` is what the `.failed` marker and the log carry.
public enum HostJobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input object could not be read (missing, refused, or S3 failed).
    case inputUnavailable(key: String, reason: String)
    /// The stored ciphertext is larger than any job the producer accepts.
    case inputTooLarge(key: String, bytes: Int64, limit: Int64)
    /// S3 ended the input before its announced length.
    case inputTruncated(key: String, sent: Int64, expected: Int64)
    /// The host's own credentials, which the enclave borrows for its KMS calls, could not be had.
    case credentialsUnavailable(reason: String)
    /// No connection to the enclave's jobs address.
    case enclaveUnreachable(address: String, reason: String)
    /// The enclave answered with a failure frame.
    case enclaveFailed(JobFailure)
    /// The connection ended (or broke) before the result's `end` frame.
    case connectionLost(reason: String)
    /// The enclave sent a frame the protocol does not allow in its direction.
    case protocolViolation(String)
    /// The job ran past `enclave.jobTimeoutSeconds`.
    case timedOut(seconds: Int)
    /// The result could not be stored.
    case resultNotStored(key: String, reason: String)

    /// A short, stable name for programs (markers, log queries).
    public var code: String {
        switch self {
        case .inputUnavailable: return "inputUnavailable"
        case .inputTooLarge: return "inputTooLarge"
        case .inputTruncated: return "inputTruncated"
        case .credentialsUnavailable: return "credentialsUnavailable"
        case .enclaveUnreachable: return "enclaveUnreachable"
        case .enclaveFailed(let failure): return "enclave.\(failure.code)"
        case .connectionLost: return "connectionLost"
        case .protocolViolation: return "protocolViolation"
        case .timedOut: return "timeout"
        case .resultNotStored: return "resultNotStored"
        }
    }

    public var description: String {
        switch self {
        case .inputUnavailable(let key, let reason): return "cannot read the input \(key): \(reason)"
        case .inputTooLarge(let key, let bytes, let limit): return "the input \(key) has \(bytes) bytes, more than the \(limit) a job may have"
        case .inputTruncated(let key, let sent, let expected): return "S3 ended the input \(key) after \(sent) of \(expected) bytes"
        case .credentialsUnavailable(let reason): return "no credentials to lend the enclave: \(reason)"
        case .enclaveUnreachable(let address, let reason): return "cannot reach the enclave at \(address): \(reason)"
        case .enclaveFailed(let failure): return "the enclave failed the job: \(failure)"
        case .connectionLost(let reason): return "the enclave connection ended before the result was complete: \(reason)"
        case .protocolViolation(let reason): return "the enclave broke the job protocol: \(reason)"
        case .timedOut(let seconds): return "the job ran longer than \(seconds) s"
        case .resultNotStored(let key, let reason): return "cannot store the result \(key): \(reason)"
        }
    }
}
