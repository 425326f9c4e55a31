import Foundation
import JobProtocol
import XCTest

final class JobIDTests: XCTestCase {
    func testLayoutIsUUIDv7InLowerCase() throws {
        let date = Date(timeIntervalSince1970: 1_764_529_295.123)
        for _ in 0..<1000 {
            let id = JobID.generate(at: date)
            let text = id.text
            XCTAssertEqual(text.count, 36)
            XCTAssertEqual(text, text.lowercased())
            let groups = text.split(separator: "-").map(String.init)
            XCTAssertEqual(groups.map(\.count), [8, 4, 4, 4, 12])
            XCTAssertEqual(groups[2].first, "7", "version nibble")
            XCTAssertTrue("89ab".contains(groups[3].first!), "variant bits 10: \(text)")
            XCTAssertEqual(id.milliseconds, 1_764_529_295_123)
            XCTAssertEqual(JobID(text), id)
        }
    }

    func testRandomBitsDifferAndCoverAllSeventyFourPositions() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = (0..<2000).map { _ in JobID.generate(at: date).text }
        XCTAssertEqual(Set(ids).count, ids.count, "no two ids repeat")
        // Every random bit position (12 in rand_a, 62 in rand_b) takes both values across 2,000 ids.
        let hex = ids.map { Array($0.replacingOccurrences(of: "-", with: "")) }
        var seenOne = [Bool](repeating: false, count: 128)
        var seenZero = [Bool](repeating: false, count: 128)
        for digits in hex {
            for (index, digit) in digits.enumerated() {
                let value = Int(String(digit), radix: 16)!
                for bit in 0..<4 {
                    let position = index * 4 + (3 - bit)
                    if value >> bit & 1 == 1 { seenOne[position] = true } else { seenZero[position] = true }
                }
            }
        }
        let randomPositions = Array(52..<64) + Array(66..<128)
        XCTAssertEqual(randomPositions.count, 74)
        for position in randomPositions {
            XCTAssertTrue(seenOne[position] && seenZero[position], "bit \(position) never changes")
        }
        for position in Array(0..<48) + Array(48..<52) + [64, 65] {
            XCTAssertFalse(seenOne[position] && seenZero[position], "bit \(position) is fixed by time, version or variant")
        }
    }

    func testIdsSortByTime() {
        var dates: [Date] = []
        var moment = 1_700_000_000.0
        for step in 0..<500 {
            moment += Double(step % 7 + 1) / 1000
            dates.append(Date(timeIntervalSince1970: moment))
        }
        let ids = dates.map { JobID.generate(at: $0) }
        XCTAssertEqual(ids.count, 500)
        XCTAssertEqual(ids.sorted(), ids, "later milliseconds sort later")
        XCTAssertEqual(ids.map(\.text).sorted(), ids.map(\.text), "as text too")
    }

    func testRefusesOtherUUIDs() {
        let valid = JobID.generate().text
        XCTAssertNotNil(JobID(valid))
        XCTAssertNil(JobID(valid.uppercased()), "upper case")
        XCTAssertNil(JobID(UUID().uuidString.lowercased()), "version 4")
        var wrongVariant = Array(valid)
        wrongVariant[19] = "c"
        XCTAssertNil(JobID(String(wrongVariant)), "variant 110")
        XCTAssertNil(JobID(valid.replacingOccurrences(of: "-", with: "")), "no hyphens")
        XCTAssertNil(JobID(valid + "0"))
        XCTAssertNil(JobID(""))
    }

    func testObjectKeys() throws {
        let id = try XCTUnwrap(JobID("0192e3a4-5b6c-7d8e-9f01-23456789abcd"))
        XCTAssertEqual(id.jobKey(), "jobs/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk")
        XCTAssertEqual(id.resultKey(), "results/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk")
        XCTAssertEqual(id.jobKey(prefix: "in/"), "in/0192e3a4-5b6c-7d8e-9f01-23456789abcd.esdk")
    }
}
