import Foundation

/// Writes RFC 4180 records, quoting only the fields that need it. Lines end with LF rather than the RFC's
/// CRLF: the output goes to Unix tools and to the reader here, which accepts both.
public enum CSVWriter {
    /// One record as a line, with its line feed.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// A field, quoted (with quotes doubled) when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
