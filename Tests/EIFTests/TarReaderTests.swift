import Foundation
import XCTest

@testable import EIF

/// The tar reader on archives whose headers lie: each is refused with a message naming the offset, and none
/// traps. The first case is the input `scripts/fuzz.sh tar` found (a PAX record whose length, 1, ends inside
/// its own digits, which the reader took as the end of a range).
final class TarReaderTests: XCTestCase {
    private func members(_ bytes: [UInt8]) throws -> [TarMember] {
        let folder = try TemporaryFolder()
        return try TarReader(path: try folder.write("layer.tar", bytes)).members()
    }

    private func assertRefused(_ bytes: [UInt8], _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try members(bytes), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(words), "expected «\(words)» in: \(error)", file: file, line: line)
        }
    }

    /// A PAX header holding `records` (raw bytes, so lengths can lie), then a regular file.
    private func paxArchive(_ records: String) -> [UInt8] {
        Independent.tar([
            .init(name: "././@PaxHeader", type: "x", data: Array(records.utf8)),
            .init(name: "etc/hosts", data: Array("127.0.0.1 localhost\n".utf8)),
        ])
    }

    /// "<length> <key>=<value>\n" with the length counted as PAX counts it: the whole record, its own digits included.
    private func record(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while "\(length)".count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }

    func testTheFuzzersCrashInputIsRefused() throws {
        let input = Bundle.module.resourcePath! + "/Fixtures/tar/fuzz-pax-length-inside-its-digits.tar"
        XCTAssertThrowsError(try TarReader(path: input).members()) { error in
            XCTAssertTrue("\(error)".contains("malformed PAX header at offset 2560"), "\(error)")
        }
    }

    func testWellFormedPAXRecordsAreRead() throws {
        let long = String(repeating: "deep/", count: 30) + "model.bin"
        let read = try members(paxArchive(record("path", long) + record("uid", "1000") + record("comment", "a=b")))
        XCTAssertEqual(read.map(\.path), [long])
        XCTAssertEqual(read.first?.uid, 1000)
    }

    func testPAXRecordsWhoseLengthsLieAreRefused() {
        let lies = [
            "1 path=x\n",                                // ends inside its own digits (the fuzzer's input)
            "2 path=x\n",                                // ends at the space, before any key
            "8 path=x\n",                                // one short: the record does not end in a newline
            "20 path=x\n",                               // past the header's data
            "9223372036854775807 path=x\n",              // Int.max: the end would overflow
            "99999999999999999999 path=x\n",             // not an Int at all
            "7 path\n",                                  // no "="
            "-5 path=x\n",                               // negative
        ]
        for lie in lies {
            assertRefused(paxArchive(lie), "malformed PAX header")
        }
    }

    func testSizesBeyondTheArchiveAreRefusedWithoutOverflow() {
        // A PAX size of Int64.max, and a GNU base-256 size field of the same, each past the end of the archive.
        assertRefused(paxArchive(record("size", String(Int64.max))), "declares \(Int64.max) bytes but the archive ends at")
        var archive = Independent.tar([.init(name: "etc/hosts", data: Array("x".utf8))])
        archive.replaceSubrange(124..<136, with: [0x80, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        archive.replaceSubrange(148..<156, with: Array("        ".utf8))
        let sum = archive[0..<512].reduce(0) { $0 + Int($1) }
        archive.replaceSubrange(148..<156, with: Array(String(format: "%06o\0 ", sum).utf8))
        assertRefused(archive, "declares \(Int64.max) bytes but the archive ends at")
    }
}
