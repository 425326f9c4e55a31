import Attestation
import NitroFormats
import XCTest

/// Encoder and decoder against the examples of RFC 8949 Appendix A (published values).
final class CBORTests: XCTestCase {
    private let appendixA: [(CBOR, String)] = [
        (.unsigned(0), "00"), (.unsigned(1), "01"), (.unsigned(10), "0a"), (.unsigned(23), "17"),
        (.unsigned(24), "1818"), (.unsigned(25), "1819"), (.unsigned(100), "1864"), (.unsigned(1000), "1903e8"),
        (.unsigned(1_000_000), "1a000f4240"), (.unsigned(1_000_000_000_000), "1b000000e8d4a51000"),
        (.unsigned(UInt64.max), "1bffffffffffffffff"), (.negative(UInt64.max), "3bffffffffffffffff"),
        (.integer(-1), "20"), (.integer(-10), "29"), (.integer(-100), "3863"), (.integer(-1000), "3903e7"),
        (.bool(false), "f4"), (.bool(true), "f5"), (.null, "f6"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"),
        (.text(""), "60"), (.text("a"), "6161"), (.text("IETF"), "6449455446"), (.text("\"\\"), "62225c"),
        (.text("\u{00fc}"), "62c3bc"), (.text("\u{6c34}"), "63e6b0b4"),
        (.array([]), "80"), (.array([.unsigned(1), .unsigned(2), .unsigned(3)]), "83010203"),
        (.array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])]), "8301820203820405"),
        (.array((1...25).map { .unsigned($0) }), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        (.map([]), "a0"),
        (.map([.init(.unsigned(1), .unsigned(2)), .init(.unsigned(3), .unsigned(4))]), "a201020304"),
        (.textMap(["a": .unsigned(1), "b": .array([.unsigned(2), .unsigned(3)])]), "a26161016162820203"),
        (.array([.text("a"), .textMap(["b": .text("c")])]), "826161a161626163"),
        (.tagged(1, .unsigned(1_363_896_240)), "c11a514b67b0"),
        (.tagged(23, .bytes([1, 2, 3, 4])), "d74401020304"),
        (.tagged(32, .text("http://www.example.com")), "d82076687474703a2f2f7777772e6578616d706c652e636f6d"),
    ]

    func testEncoderMatchesRFC8949AppendixA() {
        for (value, hex) in appendixA {
            XCTAssertEqual(CBOREncoder.encode(value).hex, hex, "\(value)")
        }
    }

    func testDecoderMatchesRFC8949AppendixA() throws {
        for (value, hex) in appendixA {
            XCTAssertEqual(try CBORDecoder().decode([UInt8](hex: hex)), value, hex)
        }
    }

    func testNSMGetRandomRequestMatchesKernelDriverBytes() {
        // The kernel driver hand-encodes this request as `69 "GetRandom"` (nitro-formats.md §5).
        XCTAssertEqual(CBOREncoder.encode(.text("GetRandom")), [0x69] + Array("GetRandom".utf8))
    }

    func testSerdeByteVectorIsArrayOfSmallUnsignedIntegers() throws {
        let encoded = CBOREncoder.encode(.uintArray([0, 23, 24, 255]))
        XCTAssertEqual(encoded.hex, "84" + "00" + "17" + "1818" + "18ff")
        XCTAssertEqual(try CBORDecoder().decode(encoded).uintArrayValue, [0, 23, 24, 255])
        XCTAssertNil(CBOR.array([.unsigned(256)]).uintArrayValue)
    }

    func testMapKeepsCallerOrderAndLooksUpByKey() throws {
        let value = CBOR.textMap(["signing_certificate": .bytes([1]), "signature": .bytes([2])])
        let decoded = try CBORDecoder().decode(CBOREncoder.encode(value))
        XCTAssertEqual(decoded.mapValue?.map(\.key), [.text("signing_certificate"), .text("signature")])
        XCTAssertEqual(decoded["signature"], .bytes([2]))
        XCTAssertNil(decoded["absent"])
    }

    func testTruncatedInputReportsOffsetOfItem() {
        // [1, h'010203' cut after two content bytes]: the byte string starts at offset 2.
        assertError([0x82, 0x01, 0x43, 0x01, 0x02], .truncated, at: 2)
        assertError([], .truncated, at: 0)
        assertError([0x19, 0x01], .truncated, at: 0)
    }

    func testLengthBeyondInputIsRefusedBeforeAllocating() {
        assertError([0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .lengthTooLarge(length: UInt64.max), at: 0)
        assertError([0x9B, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], .lengthTooLarge(length: 1 << 32), at: 0)
        assertError([0x81, 0x9A, 0x00, 0x00, 0x10, 0x00], .truncated, at: 1)
    }

    func testOversizedInputIsRefused() {
        let decoder = CBORDecoder(limits: .init(maxInputBytes: 8))
        XCTAssertThrowsError(try decoder.decode([0x49] + [UInt8](repeating: 0, count: 9))) { error in
            XCTAssertEqual(error as? CBORError, CBORError(.inputTooLarge(size: 10, limit: 8), at: 0))
        }
    }

    func testDeepNestingIsRefusedAtTheLevelBeyondTheLimit() {
        let nested = [UInt8](repeating: 0x81, count: 100_000) + [0x00]
        assertError(nested, .tooDeep(limit: 16), at: 16)
        let tags = [UInt8](repeating: 0xC1, count: 20) + [0x00]
        assertError(tags, .tooDeep(limit: 16), at: 16)
        XCTAssertNoThrow(try CBORDecoder().decode([UInt8](repeating: 0x81, count: 15) + [0x00]))
    }

    func testDuplicateMapKeyIsRefused() {
        assertError([0xA2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02], .duplicateMapKey, at: 4)
    }

    func testIndefiniteLengthFloatsAndTrailingBytesAreRefused() {
        assertError([0x5F, 0x41, 0x00, 0xFF], .indefiniteLength, at: 0)
        assertError([0xF9, 0x3C, 0x00], .unsupportedSimpleValue(0xF9), at: 0)
        assertError([0x1C], .reservedAdditionalInformation(28), at: 0)
        assertError([0x01, 0x02], .trailingBytes(count: 1), at: 1)
        assertError([0x62, 0xC3, 0x28], .invalidUTF8, at: 0)
    }

    func testErrorDescriptionNamesTheOffset() {
        XCTAssertEqual(CBORError(.truncated, at: 7).description, "CBOR: input ends inside an item at byte offset 7")
    }

    private func assertError(_ bytes: [UInt8], _ reason: CBORError.Reason, at offset: Int, line: UInt = #line) {
        XCTAssertThrowsError(try CBORDecoder().decode(bytes), line: line) { error in
            XCTAssertEqual(error as? CBORError, CBORError(reason, at: offset), line: line)
        }
    }
}
