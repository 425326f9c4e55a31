import NIOCore

/// One unit of the host↔enclave conversation (ARCHITECTURE.md, data path steps 5 and 6). On the wire every
/// frame is `version (1 byte) · type (1 byte) · payload length (UInt32, big-endian) · payload`, and each
/// type has its own payload limit (`JobFrameLimits`), checked before the payload is awaited, so a peer
/// cannot make the other side allocate more than a limit.
///
/// One job per connection: the host sends `request`, the ciphertext as `data` frames and `end`; the
/// enclave answers with `heartbeat`s while it works, then `data` frames of the encrypted result and `end`,
/// or a single `failure`. Log and metric records travel on their own connection as `log` frames.
public enum JobFrame: Sendable, Equatable {
    case request(JobRequest)
    /// A chunk of ciphertext (never plaintext: both directions carry ESDK messages only).
    case data(ByteBuffer)
    /// The end of the `data` stream in the sender's direction.
    case end
    case heartbeat
    case failure(JobFailure)
    /// One structured log or metric record, a JSON object in UTF-8 (never a payload).
    case log(ByteBuffer)

    /// The wire version this module writes and reads.
    public static let version: UInt8 = 1

    /// The type byte on the wire.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case request = 1, data, end, heartbeat, failure, log
    }

    public var kind: Kind {
        switch self {
        case .request: return .request
        case .data: return .data
        case .end: return .end
        case .heartbeat: return .heartbeat
        case .failure: return .failure
        case .log: return .log
        }
    }
}

/// What the host asks of the enclave for one job. The enclave trusts none of it: `jobID` and
/// `expectedContext` are only compared with what the decrypted header says, and the credentials only
/// sign KMS calls whose answers the key policy lets this enclave's measurements read.
public struct JobRequest: Sendable, Equatable {
    /// `job` for a job's input, `model` for the model the host sends once at start.
    public enum Purpose: UInt8, Sendable {
        case job = 1
        case model = 2
    }

    public var purpose: Purpose
    public var jobID: String
    /// The ciphertext's length in bytes, as S3 reported it; the enclave refuses more or fewer.
    public var ciphertextBytes: UInt64
    public var credentials: JobCredentials
    /// The encryption context the host expects (from the job message); the enclave requires each pair.
    public var expectedContext: [String: String]

    public init(purpose: Purpose = .job, jobID: String, ciphertextBytes: UInt64, credentials: JobCredentials,
                expectedContext: [String: String] = [:]) {
        self.purpose = purpose
        self.jobID = jobID
        self.ciphertextBytes = ciphertextBytes
        self.credentials = credentials
        self.expectedContext = expectedContext
    }
}

/// Temporary AWS credentials the host lends the enclave for one job's KMS calls (the enclave cannot reach
/// IMDS). Their description hides the secret parts, so a logged request never carries them.
public struct JobCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "JobCredentials(\(accessKeyID), secret hidden)" }
}

/// Why the enclave produced no result. `code` is for programs (the host decides on retries and metrics
/// with it); `message` is for people and never carries plaintext.
public struct JobFailure: Sendable, Equatable, Error, CustomStringConvertible {
    public enum Code: UInt16, Sendable, CaseIterable {
        /// The request broke the protocol (frame order, sizes).
        case badRequest = 1
        /// The input is not a message this enclave may open: key, data keys, or context.
        case refusedInput = 2
        /// The input failed to decrypt or verify (tag, commitment, signature, truncation).
        case invalidCiphertext = 3
        /// KMS refused or failed.
        case kms = 4
        /// The processor failed, timed out or wrote too much.
        case processor = 5
        /// The job ran past its time limit.
        case timeout = 6
        /// A fault inside the enclave agent.
        case `internal` = 7
        /// The enclave is not ready (for example, its model has not arrived).
        case unavailable = 8
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code) (\(code.rawValue)): \(message)" }
}
