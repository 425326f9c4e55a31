/// One record of a CSV text: its fields, and the line it starts on so that errors can point at it.
public struct CSVRecord: Equatable, Sendable {
    /// 1-based line of the record's first character (a quoted field may continue on later lines).
    public let line: Int
    /// The fields, unquoted and unescaped.
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
