import Foundation

/// A job's id: a UUIDv7 (RFC 9562) in lower-case text. The first 48 bits are the Unix time in milliseconds,
/// so ids sort by submission time (S3 listings and logs read in order); 74 bits come from the system's
/// cryptographic random number generator, so an id cannot be guessed from another one.
public struct JobID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex.
    public let text: String

    /// Accepts only the canonical lower-case text of a version 7, variant 10 UUID.
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        self.text = text
    }

    /// A new id for `date` with random bits from `SystemRandomNumberGenerator`.
    public static func generate(at date: Date = Date()) -> JobID {
        var generator = SystemRandomNumberGenerator()
        return generate(at: date, using: &generator)
    }

    /// A new id for `date` with random bits from `generator` (tests pass a seeded one). Ids made in the same
    /// millisecond are ordered by their random bits, not by when they were made.
    public static func generate(at date: Date, using generator: inout some RandomNumberGenerator) -> JobID {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down))) & 0xFFFF_FFFF_FFFF
        let randomA = generator.next() & 0xFFF
        let randomB = generator.next() >> 2
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(randomA >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: randomA)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: randomB >> 56)
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: randomB >> (8 * (15 - index))) }
        return JobID(unchecked: format(bytes))
    }

    private init(unchecked text: String) {
        self.text = text
    }

    /// The Unix time in milliseconds that the id carries.
    public var milliseconds: UInt64 {
        UInt64(text.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16) ?? 0
    }

    /// The object key of the job's input: `<prefix><id>.esdk` (`jobs/<id>.esdk` by default).
    public func jobKey(prefix: String = JobID.jobsPrefix) -> String {
        prefix + text + ".esdk"
    }

    /// The object key of the job's (encrypted) result: `<prefix><id>.esdk` (`results/<id>.esdk` by default).
    public func resultKey(prefix: String = JobID.resultsPrefix) -> String {
        prefix + text + ".esdk"
    }

    public static let jobsPrefix = "jobs/"
    public static let resultsPrefix = "results/"

    public var description: String { text }

    /// Lexical order of the text, which for UUIDv7 is time order to the millisecond.
    public static func < (lhs: JobID, rhs: JobID) -> Bool { lhs.text < rhs.text }

    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !((byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))) {
                return false
            }
        }
        // Version nibble 7; variant bits 10 (the first hex digit of the fourth group is 8, 9, a or b).
        return bytes[14] == UInt8(ascii: "7") && [UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19])
    }

    private static func format(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
