/// Why CSV that parsed is still not usable input: each case names the line, and the column where there is one.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input has no records at all, so no header naming the columns.
    case noHeader
    /// The header lacks a column that is needed: its name, why it is needed, and the header's names.
    case missingColumn(name: String, role: ColumnRole, line: Int, header: [String])
    /// A needed column's name appears more than once in the header, so which one to read is ambiguous.
    case duplicateColumn(name: String, line: Int)
    /// A value is not a number.
    case notANumber(line: Int, column: String, value: String)
    /// A value is a number but NaN or infinite, or too large to represent.
    case notFinite(line: Int, column: String, value: String)
    /// A label is neither 0 nor 1.
    case notALabel(line: Int, column: String, value: String)

    /// What a needed column is for, so a message can say why it is needed.
    public enum ColumnRole: String, Sendable {
        case feature, label
    }

    public var description: String {
        switch self {
        case .noHeader:
            return "the input is empty: a header row naming the columns is required"
        case .missingColumn(let name, let role, let line, let header):
            return "line \(line): no column \(Quoted.text(name)) (a \(role.rawValue)); the header has \(Quoted.list(header))"
        case .duplicateColumn(let name, let line):
            return "line \(line): column \(Quoted.text(name)) appears more than once in the header"
        case .notANumber(let line, let column, let value):
            return "line \(line), column \(Quoted.text(column)): \(Quoted.text(value)) is not a number"
        case .notFinite(let line, let column, let value):
            return "line \(line), column \(Quoted.text(column)): \(Quoted.text(value)) is not a finite number"
        case .notALabel(let line, let column, let value):
            return "line \(line), column \(Quoted.text(column)): \(Quoted.text(value)) is not a label (0 or 1)"
        }
    }
}
