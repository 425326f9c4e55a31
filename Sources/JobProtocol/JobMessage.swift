import Foundation
import NitroFormats

/// The job message the producer sends to SQS once the job's object is complete, and the host agent reads:
/// `{"v":1,"jobId","bucket","key","size","sha256","submittedAt","principal"}`. `size` and `sha256` are the
/// plaintext's, so the enclave can check what it decrypted; `principal` is who submitted it (never a token).
///
/// Written only by `encoded()` (members in `JobMessageField` order, no spaces, so the same message is the
/// same bytes) and read only by `JobMessageDecoder`. It is deliberately not `Codable`: `JSONDecoder` keeps
/// the last of two equal keys and reads `1.0` as an integer, and `JSONEncoder` does not promise an order,
/// so a second path in or out would be a second, looser protocol.
public struct JobMessage: Sendable, Hashable {
    /// The only version this module reads and writes.
    public static let version = 1

    public var jobID: JobID
    public var bucket: String
    public var key: String
    /// Plaintext bytes.
    public var size: Int
    /// SHA-256 of the plaintext, 64 lower-case hex digits.
    public var sha256: String
    /// Kept to the millisecond, as it is written, so a decoded message equals the one encoded.
    public var submittedAt: Date
    public var principal: String

    public init(jobID: JobID, bucket: String, key: String, size: Int, sha256: String, submittedAt: Date, principal: String) {
        self.jobID = jobID
        self.bucket = bucket
        self.key = key
        self.size = size
        self.sha256 = sha256
        self.submittedAt = RFC3339.parse(RFC3339.format(submittedAt)) ?? submittedAt
        self.principal = principal
    }

    /// A message for the object `<jobsPrefix><jobID>.esdk`.
    public init(jobID: JobID, bucket: String, jobsPrefix: String = JobID.jobsPrefix, size: Int, sha256: String,
                submittedAt: Date, principal: String) {
        self.init(jobID: jobID, bucket: bucket, key: jobID.jobKey(prefix: jobsPrefix), size: size, sha256: sha256,
                  submittedAt: submittedAt, principal: principal)
    }

    /// The message body: one line of JSON, members in a fixed order.
    public func encoded() -> String {
        var text = "{"
        for field in JobMessageField.allCases {
            if field != .version { text += "," }
            text += "\"\(field.rawValue)\":"
            switch field {
            case .version: text += String(Self.version)
            case .jobID: text += JSONStringLiteral.quote(jobID.text)
            case .bucket: text += JSONStringLiteral.quote(bucket)
            case .key: text += JSONStringLiteral.quote(key)
            case .size: text += String(size)
            case .sha256: text += JSONStringLiteral.quote(sha256)
            case .submittedAt: text += JSONStringLiteral.quote(RFC3339.format(submittedAt))
            case .principal: text += JSONStringLiteral.quote(principal)
            }
        }
        return text + "}"
    }
}
