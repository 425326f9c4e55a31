import ExampleProcessors
import Foundation
import XCTest

final class CSVParserTests: XCTestCase {
    private func records(_ text: String) throws -> [CSVRecord] {
        try CSVParser.records(in: Data(text.utf8))
    }

    private func assertError(_ text: String, _ expected: CSVError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try records(text), file: file, line: line) { error in
            XCTAssertEqual(error as? CSVError, expected, file: file, line: line)
        }
    }

    func testQuotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws {
        let parsed = try records("a,b,c\r\n\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\"\n,\"\",x\n")
        XCTAssertEqual(parsed, [
            CSVRecord(line: 1, fields: ["a", "b", "c"]),
            CSVRecord(line: 2, fields: ["1,5", "say \"hi\"", "two\nlines"]),
            CSVRecord(line: 4, fields: ["", "", "x"]),
        ])
    }

    func testUnterminatedQuoteNamesTheLineItOpensOn() {
        assertError("a,b\n1,2\n3,\"four\n5,6\n", CSVError(line: 3, problem: .unterminatedQuote))
        XCTAssertEqual("\(CSVError(line: 3, problem: .unterminatedQuote))", "line 3: quoted field opened on this line is never closed")
    }

    func testWrongFieldCountNamesTheLineAndBothCounts() {
        assertError("a,b,c\n1,2,3\n4,5\n", CSVError(line: 3, problem: .fieldCount(expected: 3, found: 2)))
        assertError("a,b\n1,2,3\n", CSVError(line: 2, problem: .fieldCount(expected: 2, found: 3)))
        XCTAssertEqual("\(CSVError(line: 3, problem: .fieldCount(expected: 3, found: 2)))", "line 3: 2 fields, but the header has 3")
    }

    func testStrayQuotesAndCarriageReturnsAreRefusedWithTheirLine() {
        assertError("a,b\n\"1\"x,2\n", CSVError(line: 2, problem: .textAfterClosingQuote))
        assertError("a,b\n1,2\"\n", CSVError(line: 2, problem: .quoteInUnquotedField))
        assertError("a,b\n1,2\r3,4\n", CSVError(line: 2, problem: .bareCarriageReturn))
    }

    func testBlankLinesAreRefusedBetweenRecordsAndIgnoredAtTheEnd() throws {
        assertError("a\n1\n\n2\n", CSVError(line: 3, problem: .blankLine))
        XCTAssertEqual(try records("a\n1\n\n\r\n").count, 2)
        XCTAssertEqual(try records("").count, 0)
    }

    func testInvalidUTF8IsRefusedWithItsLine() {
        XCTAssertThrowsError(try CSVParser.records(in: Array("a\n".utf8) + [0xFF, 0x0A])) { error in
            XCTAssertEqual(error as? CSVError, CSVError(line: 2, problem: .invalidUTF8))
        }
    }

    func testByteOrderMarkBeforeTheHeaderIsSkipped() throws {
        XCTAssertEqual(try CSVParser.records(in: [0xEF, 0xBB, 0xBF] + Array("a\n1\n".utf8)).first?.fields, ["a"])
    }

    func testWriterQuotesOnlyWhatNeedsItAndReadsBack() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "two\nlines", ""]
        let line = CSVWriter.line(fields)
        XCTAssertEqual(line, "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",\n")
        XCTAssertEqual(try records(line).first?.fields, fields)
    }
}
