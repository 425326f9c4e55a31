import Foundation
import NitroFormats
import XCTest

final class RFC3339Tests: XCTestCase {
    func testWritesUTCToTheMillisecond() {
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 951_782_400.5)), "2000-02-29T00:00:00.500Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: -1.25)), "1969-12-31T23:59:58.750Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 4_102_444_799.999)), "2099-12-31T23:59:59.999Z")
    }

    func testReadsWhatItWritesAndAgreesWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &random)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = RFC3339.format(date)
            XCTAssertEqual(text, formatter.string(from: date))
            let parsed = try XCTUnwrap(RFC3339.parse(text), text)
            XCTAssertEqual(RFC3339.format(parsed), text)
        }
    }

    func testReadsOnlyUTCAndRealDates() {
        XCTAssertEqual(RFC3339.parse("2024-02-29T12:00:00Z"), Date(timeIntervalSince1970: 1_709_208_000))
        XCTAssertEqual(RFC3339.parse("2024-02-29T12:00:00.123456789Z")?.timeIntervalSince1970 ?? 0, 1_709_208_000.123456789, accuracy: 1e-6)
        for text in ["2023-02-29T12:00:00Z", "1900-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z",
                     "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-12-31T23:59:60Z", "2024-01-01T00:00:00+00:00",
                     "2024-01-01t00:00:00z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
                     "2024-1-01T00:00:00Z", "+2024-01-01T00:00:00Z", ""] {
            XCTAssertNil(RFC3339.parse(text), text)
        }
    }
}
