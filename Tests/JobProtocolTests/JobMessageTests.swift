import Foundation
import JobProtocol
import XCTest

final class JobMessageTests: XCTestCase {
    static let id = JobID("0192e3a4-5b6c-7d8e-9f01-23456789abcd")!
    static let decoder = JobMessageDecoder(jobsPrefix: "jobs/", maxObjectBytes: 1 << 30)
    static let digest = String(repeating: "ab", count: 32)

    static func message(principal: String = "apikey:gateway") -> JobMessage {
        JobMessage(jobID: id, bucket: "fraud-scoring-jobs", size: 1024, sha256: digest,
                   submittedAt: Date(timeIntervalSince1970: 1_764_529_295.123), principal: principal)
    }

    static let body = #"{"v":1,"jobId":"0192e3a4-5b6c-7d8e-9f01-23456789abcd","bucket":"fraud-scoring-jobs","#
        + #""key":"jobs/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk","size":1024,"#
        + #""sha256":"abababababababababababababababababababababababababababababababab","#
        + #""submittedAt":"2025-11-30T19:01:35.123Z","principal":"apikey:gateway"}"#

    func testEncodesMembersInAFixedOrder() {
        XCTAssertEqual(Self.message().encoded(), Self.body)
    }

    func testRoundTrip() throws {
        let message = Self.message(principal: "https://login.example.com#user \"quoted\" \\ é 😀 \u{7}")
        XCTAssertThrowsError(try Self.decoder.decode(message.encoded()), "a control character in the principal is refused") { error in
            XCTAssertEqual((error as? JobMessageError)?.field, .principal)
        }
        let printable = Self.message(principal: "https://login.example.com#user \"quoted\" \\ é 😀 /")
        let decoded = try Self.decoder.decode(printable.encoded())
        XCTAssertEqual(decoded, printable)
        XCTAssertEqual(decoded.encoded(), printable.encoded(), "byte-stable")
        XCTAssertEqual(try Self.decoder.decode(Array(Self.body.utf8)), Self.message())
        let fresh = JobMessage(jobID: JobID.generate(), bucket: "b-1", size: 0, sha256: Self.digest, submittedAt: Date(), principal: "p")
        XCTAssertEqual(try Self.decoder.decode(fresh.encoded()), fresh, "dates are kept to the millisecond")
    }

    func testAcceptsWhitespaceEscapesAndOtherMemberOrder() throws {
        let body = """
        { "principal" : "apikey:gateway", "submittedAt":"2025-11-30T19:01:35.123Z", "sha256":"\(Self.digest)",
          "size":1024, "key":"jobs\\/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk", "bucket":"fraud-scoring-jobs",
          "jobId":"0192e3a4-5b6c-7d8e-9f01-23456789abcd", "v":1 }
        """
        XCTAssertEqual(try Self.decoder.decode(body), Self.message())
    }

    /// Replaces the value of `field` in the canonical body with `raw` JSON text (or removes the member).
    static func mutate(_ field: String, to raw: String?) -> String {
        var members: [(String, String)] = []
        let pattern = try! NSRegularExpression(pattern: #""([A-Za-z0-9]+)":("[^"]*"|[0-9]+)"#)
        for match in pattern.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
            let name = String(body[Range(match.range(at: 1), in: body)!])
            let value = String(body[Range(match.range(at: 2), in: body)!])
            members.append((name, value))
        }
        precondition(members.count == 8)
        let edited = members.compactMap { name, value -> String? in
            if name == field { return raw.map { "\"\(name)\":\($0)" } }
            return "\"\(name)\":\(value)"
        }
        return "{" + edited.joined(separator: ",") + "}"
    }

    func assertRefused(_ body: String, _ expected: JobMessageError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Self.decoder.decode(body), file: file, line: line) { error in
            XCTAssertEqual(error as? JobMessageError, expected, "\(body)", file: file, line: line)
        }
    }

    func testEveryRefusalNamesItsField() {
        let other = JobID.generate().text
        let cases: [(String, String?, JobMessageError)] = [
            ("v", "2", .unsupportedVersion(2)),
            ("v", "0", .unsupportedVersion(0)),
            ("v", "\"1\"", .wrongType(.version, expected: "an integer")),
            ("v", "1.0", .wrongType(.version, expected: "an integer")),
            ("v", "true", .wrongType(.version, expected: "an integer")),
            ("v", nil, .missingField(.version)),
            ("jobId", "\"0192E3A4-5B6C-7D8E-9F01-23456789ABCD\"", .invalidValue(.jobID, reason: "is not a lower-case UUIDv7")),
            ("jobId", "\"0192e3a4-5b6c-4d8e-9f01-23456789abcd\"", .invalidValue(.jobID, reason: "is not a lower-case UUIDv7")),
            ("jobId", "\"0192e3a4-5b6c-7d8e-cf01-23456789abcd\"", .invalidValue(.jobID, reason: "is not a lower-case UUIDv7")),
            ("jobId", "7", .wrongType(.jobID, expected: "a string")),
            ("jobId", nil, .missingField(.jobID)),
            ("bucket", "\"Not_A_Bucket\"", .invalidValue(.bucket, reason: "is not an S3 bucket name")),
            ("bucket", "null", .wrongType(.bucket, expected: "a string")),
            ("bucket", nil, .missingField(.bucket)),
            ("key", "\"jobs/\(other).esdk\"", .invalidValue(.key, reason: "must be jobs/<jobId>.esdk for this jobId")),
            ("key", "\"results/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk\"", .invalidValue(.key, reason: "must be jobs/<jobId>.esdk for this jobId")),
            ("key", "\"jobs/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk \"", .invalidValue(.key, reason: "must be jobs/<jobId>.esdk for this jobId")),
            ("key", nil, .missingField(.key)),
            ("size", "-1", .invalidValue(.size, reason: "must not be negative")),
            ("size", "1073741825", .invalidValue(.size, reason: "is above the limit of 1073741824 bytes")),
            ("size", "99999999999999999999999", .invalidValue(.size, reason: "is too large")),
            ("size", "1e3", .wrongType(.size, expected: "an integer")),
            ("size", "\"1024\"", .wrongType(.size, expected: "an integer")),
            ("size", "[1024]", .wrongType(.size, expected: "an integer")),
            ("size", nil, .missingField(.size)),
            ("sha256", "\"\(Self.digest.uppercased())\"", .invalidValue(.sha256, reason: "must be 64 lower-case hex digits")),
            ("sha256", "\"\(Self.digest.dropLast())\"", .invalidValue(.sha256, reason: "must be 64 lower-case hex digits")),
            ("sha256", "{}", .wrongType(.sha256, expected: "a string")),
            ("sha256", nil, .missingField(.sha256)),
            ("submittedAt", "\"2025-11-30T19:01:35+00:00\"", .invalidValue(.submittedAt, reason: "must be an RFC 3339 time in UTC (YYYY-MM-DDTHH:MM:SS[.fff]Z)")),
            ("submittedAt", "\"2025-02-30T19:01:35Z\"", .invalidValue(.submittedAt, reason: "must be an RFC 3339 time in UTC (YYYY-MM-DDTHH:MM:SS[.fff]Z)")),
            ("submittedAt", "\"yesterday\"", .invalidValue(.submittedAt, reason: "must be an RFC 3339 time in UTC (YYYY-MM-DDTHH:MM:SS[.fff]Z)")),
            ("submittedAt", "1764529295", .wrongType(.submittedAt, expected: "a string")),
            ("submittedAt", nil, .missingField(.submittedAt)),
            ("principal", "\"\"", .invalidValue(.principal, reason: "is empty")),
            ("principal", "\"\(String(repeating: "p", count: 513))\"", .invalidValue(.principal, reason: "is longer than 512 bytes")),
            ("principal", "\"a\\nb\"", .invalidValue(.principal, reason: "contains control characters")),
            ("principal", "false", .wrongType(.principal, expected: "a string")),
            ("principal", nil, .missingField(.principal)),
        ]
        XCTAssertEqual(cases.count, 39)
        for (field, raw, expected) in cases {
            assertRefused(Self.mutate(field, to: raw), expected)
            XCTAssertNotNil(expected.field, "\(expected) names its field")
        }
    }

    func testRefusesUnknownDuplicateAndOversizedBodies() {
        assertRefused(String(Self.body.dropLast()) + #","tenant":"acme"}"#, .unknownField("tenant"))
        assertRefused(String(Self.body.dropLast()) + #","v":1}"#, .duplicateField(.version))
        let padded = Self.body + String(repeating: " ", count: JobMessageDecoder.maxBodyBytes - Self.body.utf8.count)
        XCTAssertNoThrow(try Self.decoder.decode(padded), "exactly the limit is accepted")
        assertRefused(padded + " ", .bodyTooLarge(bytes: JobMessageDecoder.maxBodyBytes + 1, limit: JobMessageDecoder.maxBodyBytes))
        assertRefused(String(repeating: "[", count: 1 << 20), .bodyTooLarge(bytes: 1 << 20, limit: JobMessageDecoder.maxBodyBytes))
    }

    func testRefusesMalformedJSON() {
        for body in ["", "[]", "{", "{\"v\":1", Self.body + "x", Self.body + "{}", "{\"v\" 1}", "{\"v\":01}", "{'v':1}",
                     "{\"v\":1,}", "\u{FEFF}" + Self.body] {
            XCTAssertThrowsError(try Self.decoder.decode(body), body) { error in
                guard case .malformed = error as? JobMessageError else { return XCTFail("\(body): \(error)") }
            }
        }
        XCTAssertThrowsError(try Self.decoder.decode([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]), "not UTF-8")
    }

    func testConfiguredBucketAndPrefix() throws {
        let strict = JobMessageDecoder(jobsPrefix: "jobs/", maxObjectBytes: 1 << 30, bucket: "fraud-scoring-jobs")
        XCTAssertNoThrow(try strict.decode(Self.body))
        let other = JobMessageDecoder(jobsPrefix: "jobs/", maxObjectBytes: 1 << 30, bucket: "another-bucket")
        XCTAssertThrowsError(try other.decode(Self.body)) { XCTAssertEqual(($0 as? JobMessageError)?.field, .bucket) }
        let prefixed = JobMessageDecoder(jobsPrefix: "in/", maxObjectBytes: 1 << 30)
        XCTAssertThrowsError(try prefixed.decode(Self.body)) { XCTAssertEqual(($0 as? JobMessageError)?.field, .key) }
    }
}
