import Foundation
import NitroFormats

/// The one reader of job messages, used by the producer (to check what it is about to send) and by the host
/// agent (to check what it received before acting on it). It is strict:
/// - a body longer than `maxBodyBytes` is refused before parsing;
/// - `v` must be 1; `jobId` a lower-case UUIDv7; `key` exactly `<jobsPrefix><jobId>.esdk`; `bucket` an S3
///   bucket name (and the configured one, when given); `size` an integer in `0...maxObjectBytes`; `sha256`
///   64 lower-case hex digits; `submittedAt` RFC 3339 in UTC; `principal` non-empty, at most
///   `maxPrincipalBytes`, without control characters;
/// - every member is required, none may repeat, and unknown members are refused rather than ignored. Only
///   our producer writes version 1, so an unknown member means another writer or another version, and a
///   reader that skipped it would act on a message it does not fully understand. A later version adds
///   members together with a new `v`, which readers of version 1 refuse by number.
public struct JobMessageDecoder: Sendable {
    /// SQS allows 256 KiB; a version 1 message is under 1 KiB, so anything near 4 KiB is not one of ours.
    public static let maxBodyBytes = 4096
    /// An OIDC principal is `iss#sub`; issuers and subjects are far shorter than this.
    public static let maxPrincipalBytes = 512

    public var jobsPrefix: String
    public var maxObjectBytes: Int
    /// When set, the message must name this bucket.
    public var bucket: String?

    public init(jobsPrefix: String = JobID.jobsPrefix, maxObjectBytes: Int, bucket: String? = nil) {
        self.jobsPrefix = jobsPrefix
        self.maxObjectBytes = maxObjectBytes
        self.bucket = bucket
    }

    public func decode(_ body: String) throws(JobMessageError) -> JobMessage {
        try decode(bytes: Array(body.utf8.prefix(Self.maxBodyBytes + 1)), total: body.utf8.count)
    }

    public func decode(_ body: [UInt8]) throws(JobMessageError) -> JobMessage {
        try decode(bytes: body, total: body.count)
    }

    private func decode(bytes: [UInt8], total: Int) throws(JobMessageError) -> JobMessage {
        guard total <= Self.maxBodyBytes else { throw .bodyTooLarge(bytes: total, limit: Self.maxBodyBytes) }
        var reader = StrictJSONObjectReader(bytes)
        let members = try reader.read()
        func string(_ field: JobMessageField) throws(JobMessageError) -> String {
            guard let value = members[field] else { throw .missingField(field) }
            guard case .string(let text) = value else { throw .wrongType(field, expected: field.expectedType) }
            return text
        }
        func integer(_ field: JobMessageField) throws(JobMessageError) -> Int {
            guard let value = members[field] else { throw .missingField(field) }
            guard case .integer(let number) = value else { throw .wrongType(field, expected: field.expectedType) }
            return number
        }

        let version = try integer(.version)
        guard version == JobMessage.version else { throw .unsupportedVersion(version) }
        let idText = try string(.jobID)
        guard let jobID = JobID(idText) else { throw .invalidValue(.jobID, reason: "is not a lower-case UUIDv7") }
        let bucket = try string(.bucket)
        guard Self.isBucketName(bucket) else { throw .invalidValue(.bucket, reason: "is not an S3 bucket name") }
        if let expected = self.bucket, bucket != expected {
            throw .invalidValue(.bucket, reason: "is not the configured bucket")
        }
        let key = try string(.key)
        guard key == jobID.jobKey(prefix: jobsPrefix) else {
            throw .invalidValue(.key, reason: "must be \(jobsPrefix)<jobId>.esdk for this jobId")
        }
        let size = try integer(.size)
        guard size >= 0 else { throw .invalidValue(.size, reason: "must not be negative") }
        guard size <= maxObjectBytes else { throw .invalidValue(.size, reason: "is above the limit of \(maxObjectBytes) bytes") }
        let sha256 = try string(.sha256)
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy(Self.isLowerHex) else {
            throw .invalidValue(.sha256, reason: "must be 64 lower-case hex digits")
        }
        let submittedText = try string(.submittedAt)
        guard let submittedAt = RFC3339.parse(submittedText) else {
            throw .invalidValue(.submittedAt, reason: "must be an RFC 3339 time in UTC (YYYY-MM-DDTHH:MM:SS[.fff]Z)")
        }
        let principal = try string(.principal)
        guard !principal.isEmpty else { throw .invalidValue(.principal, reason: "is empty") }
        guard principal.utf8.count <= Self.maxPrincipalBytes else {
            throw .invalidValue(.principal, reason: "is longer than \(Self.maxPrincipalBytes) bytes")
        }
        guard !principal.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidValue(.principal, reason: "contains control characters")
        }
        return JobMessage(jobID: jobID, bucket: bucket, key: key, size: size, sha256: sha256, submittedAt: submittedAt,
                          principal: principal)
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    /// 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit.
    static func isBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        let isAlphanumeric = { (byte: UInt8) in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        return isAlphanumeric(bytes[0]) && isAlphanumeric(bytes[bytes.count - 1])
            && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}
