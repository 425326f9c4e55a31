/// Why a text is not strict RFC 4180 CSV, with the line where the problem starts.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong at `line`.
    public enum Problem: Equatable, Sendable {
        /// A quoted field is still open at the end of the input.
        case unterminatedQuote
        /// A closing quote is followed by something other than a comma or a line break.
        case textAfterClosingQuote
        /// A quote appears inside a field that does not start with one.
        case quoteInUnquotedField
        /// A carriage return is not followed by a line feed.
        case bareCarriageReturn
        /// A record has another number of fields than the header.
        case fieldCount(expected: Int, found: Int)
        /// An empty line sits between records (only trailing blank lines are allowed).
        case blankLine
        /// A field is not valid UTF-8.
        case invalidUTF8
    }

    /// 1-based line of the problem.
    public let line: Int
    public let problem: Problem

    public init(line: Int, problem: Problem) {
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .unterminatedQuote: what = "quoted field opened on this line is never closed"
        case .textAfterClosingQuote: what = "closing quote followed by text; a quote inside a quoted field is written \"\""
        case .quoteInUnquotedField: what = "quote inside an unquoted field; quote the whole field and write the quote as \"\""
        case .bareCarriageReturn: what = "carriage return not followed by a line feed (lines end with CRLF or LF)"
        case .fieldCount(let expected, let found): what = "\(found) field\(found == 1 ? "" : "s"), but the header has \(expected)"
        case .blankLine: what = "blank line between records"
        case .invalidUTF8: what = "field is not valid UTF-8"
        }
        return "line \(line): \(what)"
    }
}
