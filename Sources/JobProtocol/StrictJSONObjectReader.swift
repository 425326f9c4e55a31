/// Reads one flat JSON object whose members are the job message's: string or integer values only.
///
/// Deliberately not `JSONSerialization` or `JSONDecoder`: those keep the last of two equal keys, read `1.0`
/// and `true` as numbers, and parse nested values of any depth. Here a repeated member, an unknown member,
/// a fraction, an exponent or a nested value is an error at the member that has it, and nothing but the
/// (size-limited) body is ever allocated.
struct StrictJSONObjectReader {
    enum Value: Equatable {
        case string(String)
        case integer(Int)
    }

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read() throws(JobMessageError) -> [JobMessageField: Value] {
        var members: [JobMessageField: Value] = [:]
        skipSpace()
        try expect(UInt8(ascii: "{"), "expected {")
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
        } else {
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw malformed("expected a member name in quotes") }
                let name = try readString()
                guard let field = JobMessageField(rawValue: name) else { throw .unknownField(name) }
                guard members[field] == nil else { throw .duplicateField(field) }
                skipSpace()
                try expect(UInt8(ascii: ":"), "expected : after \"\(field)\"")
                skipSpace()
                members[field] = try readValue(for: field)
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    offset += 1
                } else {
                    try expect(UInt8(ascii: "}"), "expected , or }")
                    break
                }
            }
        }
        skipSpace()
        guard offset == bytes.count else { throw malformed("text after the object") }
        return members
    }

    private mutating func readValue(for field: JobMessageField) throws(JobMessageError) -> Value {
        guard let first = peek() else { throw malformed("the text ends before the value of \"\(field)\"") }
        switch first {
        case UInt8(ascii: "\""):
            guard !field.isInteger else { throw .wrongType(field, expected: field.expectedType) }
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard field.isInteger else { throw .wrongType(field, expected: field.expectedType) }
            return .integer(try readInteger(for: field))
        default:
            // true, false, null, objects, arrays and anything else are the wrong type for every member.
            throw .wrongType(field, expected: field.expectedType)
        }
    }

    private mutating func readInteger(for field: JobMessageField) throws(JobMessageError) -> Int {
        let negative = peek() == UInt8(ascii: "-")
        if negative { offset += 1 }
        let start = offset
        var magnitude = 0
        var overflow = false
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            magnitude = plus
            offset += 1
        }
        let digits = offset - start
        guard digits > 0 else { throw malformed("a number needs digits") }
        guard digits == 1 || bytes[start] != UInt8(ascii: "0") else { throw malformed("a number has a leading zero") }
        if let next = peek(), [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(next) {
            throw .wrongType(field, expected: field.expectedType)
        }
        guard !overflow else { throw .invalidValue(field, reason: "is too large") }
        return negative ? -magnitude : magnitude
    }

    /// A JSON string with its escapes resolved; control characters and invalid UTF-8 are refused.
    private mutating func readString() throws(JobMessageError) -> String {
        offset += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw malformed("a string is not closed") }
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: text, as: UTF8.self) else { throw malformed("a string is not UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                try readEscape(into: &text)
            case 0..<0x20:
                throw malformed("a control character inside a string")
            default:
                text.append(byte)
            }
        }
    }

    private mutating func readEscape(into text: inout [UInt8]) throws(JobMessageError) {
        guard let escape = peek() else { throw malformed("a string is not closed") }
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw malformed("an unpaired surrogate escape")
                }
                offset += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw malformed("an unpaired surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw malformed("an unpaired surrogate escape") }
            text.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw malformed("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
        }
    }

    private mutating func readHex4() throws(JobMessageError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw malformed("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private mutating func skipSpace() {
        while let byte = peek(), [0x20, 0x09, 0x0A, 0x0D].contains(byte) { offset += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ reason: String) throws(JobMessageError) {
        guard peek() == byte else { throw malformed(reason) }
        offset += 1
    }

    private func malformed(_ reason: String) -> JobMessageError {
        .malformed(offset: offset, reason: reason)
    }
}

extension JobMessageField {
    var isInteger: Bool { self == .version || self == .size }

    var expectedType: String { isInteger ? "an integer" : "a string" }
}
