import AWSCore
import AWSLogs
import Foundation
import Logging
import NIOConcurrencyHelpers
import XCTest

final class JSONLineLogHandlerTests: XCTestCase {
    final class Lines: Sendable {
        let box = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { box.withLockedValue { $0.append(line) } }
        var all: [String] { box.withLockedValue { $0 } }
    }

    func logger(_ lines: Lines, shipper: LogShipper? = nil) -> Logger {
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_764_529_295.123) }
        var logger = Logger(label: "nitroforge.producer") { label in
            JSONLineLogHandler(label: label, shipper: shipper, clock: clock, output: lines.append)
        }
        logger[metadataKey: "instance"] = "i-0123"
        return logger
    }

    func testWritesOneJSONObjectPerLine() throws {
        let lines = Lines()
        let logger = logger(lines)
        logger.info("job accepted", metadata: ["jobId": "0192e3a4", "size": "\(1024)", "tags": ["a", "b"]])
        logger.debug("not at the default level")
        XCTAssertEqual(lines.all.count, 1)
        let line = try XCTUnwrap(lines.all.first)
        XCTAssertEqual(line, #"{"timestamp":"2025-11-30T19:01:35.123Z","level":"info","label":"nitroforge.producer","#
            + #""message":"job accepted","metadata":{"instance":"i-0123","jobId":"0192e3a4","size":"1024","tags":["a","b"]}}"#)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertFalse(line.contains("\n"))
    }

    func testEscapesMessagesAndLeavesOutEmptyMetadata() throws {
        let lines = Lines()
        var logger = Logger(label: "l") { JSONLineLogHandler(label: $0, output: lines.append) }
        logger.logLevel = .trace
        logger.warning("two\nlines \"quoted\" \\ \u{1}")
        let line = try XCTUnwrap(lines.all.first)
        XCTAssertFalse(line.contains("metadata"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["message"] as? String, "two\nlines \"quoted\" \\ \u{1}")
        XCTAssertEqual(object["level"] as? String, "warning")
    }

    func testSecretMetadataIsNeverWritten() throws {
        let lines = Lines()
        let logger = logger(lines)
        let secrets = ["sk-live-123", "Bearer eyJhbGciOi", "k3y", "plain bytes", "AAECAwQ=", "id-token-value", "pw"]
        logger.error("request refused", metadata: [
            "token": .string(secrets[0]), "Authorization": .string(secrets[1]), "x-api-key": .string(secrets[2]),
            "request": ["plaintext": .string(secrets[3]), "path": "/v1/jobs", "headers": ["api_key": .string(secrets[4])]],
            "idToken": .string(secrets[5]), "items": [["password": .string(secrets[6])]], "principal": "apikey:gateway",
        ])
        let line = try XCTUnwrap(lines.all.first)
        XCTAssertEqual(secrets.count, 7)
        for secret in secrets { XCTAssertFalse(line.contains(secret), "\(secret) leaked: \(line)") }
        XCTAssertEqual(line.components(separatedBy: "[redacted]").count - 1, 7)
        XCTAssertTrue(line.contains(#""principal":"apikey:gateway""#))
        XCTAssertTrue(line.contains(#""path":"/v1/jobs""#))
    }

    func testRedactionRule() {
        let rule = LogRedaction.default
        for key in ["token", "accessToken", "Authorization", "apiKey", "API_KEY", "x-api-key", "plaintext", "dataKey", "DataKey",
                    "password", "clientSecret"] {
            XCTAssertTrue(rule.isSecret(key), key)
        }
        for key in ["jobId", "principal", "keyId", "bucket", "key", "tokens_used_count"] {
            XCTAssertFalse(rule.isSecret(key), key)
        }
    }

    func testTheSameLineGoesToTheShipper() throws {
        let lines = Lines()
        let logs = try LogsTestEnvironment.client(endpoint: "http://127.0.0.1:9")
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(group: "g", stream: "s"))
        let logger = logger(lines, shipper: shipper)
        logger.notice("hello", metadata: ["token": "secret-value"])
        XCTAssertEqual(lines.all.count, 1)
        XCTAssertEqual(shipper.statistics.enqueued, 1)
        XCTAssertEqual(shipper.statistics.buffered, 1)
        XCTAssertFalse(lines.all[0].contains("secret-value"))
    }
}

final class PutLogEventsResultTests: XCTestCase {
    func testRejectedCount() {
        XCTAssertEqual(PutLogEventsResult().rejectedCount(of: 10), 0)
        XCTAssertEqual(PutLogEventsResult(tooNewStartIndex: 7).rejectedCount(of: 10), 3)
        XCTAssertEqual(PutLogEventsResult(tooOldEndIndex: 2).rejectedCount(of: 10), 3)
        XCTAssertEqual(PutLogEventsResult(tooOldEndIndex: 1, expiredEndIndex: 4).rejectedCount(of: 10), 5)
        XCTAssertEqual(PutLogEventsResult(tooNewStartIndex: 0, tooOldEndIndex: 9).rejectedCount(of: 10), 10)
    }
}
