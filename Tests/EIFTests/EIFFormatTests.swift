import Foundation
import XCTest

import BulkDigest
@testable import EIF

final class EIFFormatTests: XCTestCase {
    func testCRC32MatchesTheStandardCheckValueAndCombines() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        XCTAssertEqual(crc.value, 0xCBF4_3926)
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        var whole = CRC32()
        whole.update(data)
        XCTAssertEqual(whole.value, Independent.crc32(data))
        var first = CRC32()
        first.update(data[..<33_333])
        var second = CRC32()
        second.update(data[33_333...])
        XCTAssertEqual(CRC32.combine(first.value, second.value, secondLength: 100_000 - 33_333), whole.value)
    }

    func testReaderAcceptsAnIndependentlyWrittenEIFAndAgreesOnPCRs() throws {
        let fixtures = Bundle.module.resourcePath! + "/Fixtures/malformed"
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/expected.json"))) as! [String: Any]
        let valid = expected["valid"] as! [String: Any]
        let image = try EIFReader().read(path: fixtures + "/valid.eif")
        XCTAssertEqual(image.measurements.pcr0.hex, valid["PCR0"] as? String)
        XCTAssertEqual(image.measurements.pcr1.hex, valid["PCR1"] as? String)
        XCTAssertEqual(image.measurements.pcr2.hex, valid["PCR2"] as? String)
        XCTAssertEqual(Int(image.header.crc32), valid["crc32"] as? Int)
        XCTAssertEqual(image.sections.map(\.type), [.kernel, .cmdline, .metadata, .ramdisk, .ramdisk])
    }

    func testEveryMalformedFixtureIsRejectedWithItsOffsetAndField() throws {
        let fixtures = Bundle.module.resourcePath! + "/Fixtures/malformed"
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/expected.json"))) as! [String: Any]
        let cases = expected["malformed"] as! [String: String]
        XCTAssertEqual(cases.count, 5)
        for (name, message) in cases.sorted(by: { $0.key < $1.key }) {
            XCTAssertThrowsError(try EIFReader().read(path: fixtures + "/" + name), name) { error in
                XCTAssertTrue(error is EIFFormatError, "\(name): \(error)")
                XCTAssertTrue("\(error)".contains(message), "\(name): \"\(error)\" should contain \"\(message)\"")
            }
        }
    }

    func testCommandWordsFollowTheDocumentedSplitting() throws {
        XCTAssertEqual(try CommandWords.parse(#"["/app/run", "--flag", "a b"]"#), ["/app/run", "--flag", "a b"])
        XCTAssertEqual(try CommandWords.parse(#"/app/run --name 'a b' "c \"d\" \e" f\ g"#),
                       ["/app/run", "--name", "a b", #"c "d" \e"#, "f g"])
        XCTAssertEqual(try CommandWords.parse("  /bin/sh\t-c  'echo $HOME'  "), ["/bin/sh", "-c", "echo $HOME"])
        XCTAssertEqual(try CommandWords.parse("run ''"), ["run", ""])
        XCTAssertThrowsError(try CommandWords.parse("run 'open")) { XCTAssertTrue("\($0)".contains("not closed")) }
        XCTAssertThrowsError(try CommandWords.parse(#"[1, 2]"#)) { XCTAssertTrue("\($0)".contains("JSON array of strings")) }
    }

    func testMetadataBuildTimeComesFromSourceDateEpochOrTheFixedTime() throws {
        XCTAssertEqual(try EIFMetadata.buildTime(environment: [:]), EIFMetadata.fixedBuildTime)
        let time = try EIFMetadata.buildTime(environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        XCTAssertEqual(EIFMetadata.rfc3339(time), "2023-11-14T22:13:20+00:00")
        XCTAssertEqual(EIFMetadata.rfc3339(EIFMetadata.fixedBuildTime), "2017-04-18T16:30:00+00:00")
        XCTAssertThrowsError(try EIFMetadata.buildTime(environment: ["SOURCE_DATE_EPOCH": "yesterday"]))
    }
}
