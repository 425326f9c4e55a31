import JobProtocol

/// The 202 answer to a job submission, and what an idempotency record keeps so a retry gets the same answer.
public struct JobAccepted: Sendable, Equatable, Codable {
    public var jobId: String
    public var bucket: String
    public var key: String
    /// Plaintext bytes.
    public var size: Int
    /// SHA-256 of the plaintext, lower-case hex.
    public var sha256: String

    public init(jobId: String, bucket: String, key: String, size: Int, sha256: String) {
        self.jobId = jobId
        self.bucket = bucket
        self.key = key
        self.size = size
        self.sha256 = sha256
    }

    init(_ message: JobMessage) {
        self.init(jobId: message.jobID.text, bucket: message.bucket, key: message.key, size: message.size, sha256: message.sha256)
    }
}
