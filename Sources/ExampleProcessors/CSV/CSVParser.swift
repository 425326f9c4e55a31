import Foundation

/// A strict RFC 4180 reader that takes its input in chunks, so a large input is never held as one text.
///
/// Fields are separated by commas; a field may be quoted, and then holds commas, line breaks and quotes
/// written `""`. Lines end with CRLF or LF. The first record is the header and fixes the field count of every
/// other record. Blank lines at the end are ignored; anywhere else they are errors, because a silently skipped
/// line would shift every row after it. A UTF-8 byte order mark before the header is skipped.
public struct CSVParser: Sendable {
    private enum State: Sendable {
        case fieldStart, unquoted, quoted, quoteInQuoted, carriageReturn
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lineFeed = UInt8(ascii: "\n"),
                       carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    /// Whether the current record has started (a field separator or a quote seen), so `""` is not blank.
    private var recordStarted = false
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var expectedFieldCount: Int?
    private var firstBlankLine: Int?
    /// Bytes seen so far, while fewer than a byte order mark.
    private var leadingBytes: [UInt8] = []
    private var pastStart = false

    public init() {}

    /// Reads `bytes` and returns the records they complete, in order.
    /// - Throws: `CSVError`; the parser must not be used after an error.
    public mutating func consume(_ bytes: some Sequence<UInt8>) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        for byte in bytes {
            if !pastStart {
                leadingBytes.append(byte)
                if leadingBytes == Array(Self.byteOrderMark.prefix(leadingBytes.count)) {
                    if leadingBytes.count == Self.byteOrderMark.count { pastStart = true }
                    continue
                }
                pastStart = true
                let pending = leadingBytes
                leadingBytes = []
                for early in pending { try step(early, into: &records) }
                continue
            }
            try step(byte, into: &records)
        }
        return records
    }

    /// Ends the input and returns the last record when the text does not end with a line break.
    /// - Throws: `CSVError` when a quoted field is still open or the last record is malformed.
    public mutating func finish() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        if !pastStart, !leadingBytes.isEmpty, leadingBytes != Self.byteOrderMark {
            pastStart = true
            let pending = leadingBytes
            leadingBytes = []
            for early in pending { try step(early, into: &records) }
        }
        switch state {
        case .quoted:
            throw CSVError(line: quoteLine, problem: .unterminatedQuote)
        case .carriageReturn:
            throw CSVError(line: line, problem: .bareCarriageReturn)
        case .fieldStart where !recordStarted:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            try endRecord(into: &records)
        }
        return records
    }

    private mutating func step(_ byte: UInt8, into records: inout [CSVRecord]) throws {
        switch state {
        case .fieldStart:
            switch byte {
            case Self.quote:
                state = .quoted
                recordStarted = true
                quoteLine = line
            case Self.comma:
                recordStarted = true
                try endField()
            case Self.lineFeed:
                try endLine(into: &records)
            case Self.carriageReturn:
                state = .carriageReturn
            default:
                field.append(byte)
                recordStarted = true
                state = .unquoted
            }
        case .unquoted:
            switch byte {
            case Self.quote:
                throw CSVError(line: line, problem: .quoteInUnquotedField)
            case Self.comma:
                try endField()
                state = .fieldStart
            case Self.lineFeed:
                try endLine(into: &records)
            case Self.carriageReturn:
                state = .carriageReturn
            default:
                field.append(byte)
            }
        case .quoted:
            if byte == Self.quote {
                state = .quoteInQuoted
            } else {
                if byte == Self.lineFeed { line += 1 }
                field.append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case Self.quote:
                field.append(byte)
                state = .quoted
            case Self.comma:
                try endField()
                state = .fieldStart
            case Self.lineFeed:
                try endLine(into: &records)
            case Self.carriageReturn:
                state = .carriageReturn
            default:
                throw CSVError(line: line, problem: .textAfterClosingQuote)
            }
        case .carriageReturn:
            guard byte == Self.lineFeed else { throw CSVError(line: line, problem: .bareCarriageReturn) }
            try endLine(into: &records)
        }
    }

    private mutating func endField() throws {
        guard let text = String(bytes: field, encoding: .utf8) else { throw CSVError(line: line, problem: .invalidUTF8) }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
    }

    /// A line break outside quotes: ends the record, or notes a blank line.
    private mutating func endLine(into records: inout [CSVRecord]) throws {
        if recordStarted {
            try endRecord(into: &records)
        } else if firstBlankLine == nil {
            firstBlankLine = line
        }
        line += 1
        recordLine = line
        state = .fieldStart
    }

    private mutating func endRecord(into records: inout [CSVRecord]) throws {
        if let blank = firstBlankLine { throw CSVError(line: blank, problem: .blankLine) }
        try endField()
        let record = CSVRecord(line: recordLine, fields: fields)
        fields.removeAll(keepingCapacity: true)
        recordStarted = false
        if let expected = expectedFieldCount {
            guard record.fields.count == expected else {
                throw CSVError(line: record.line, problem: .fieldCount(expected: expected, found: record.fields.count))
            }
        } else {
            expectedFieldCount = record.fields.count
        }
        records.append(record)
    }
}

extension CSVParser {
    /// Reads a whole CSV text at once.
    public static func records(in bytes: some Sequence<UInt8>) throws -> [CSVRecord] {
        var parser = CSVParser()
        return try parser.consume(bytes) + parser.finish()
    }
}
