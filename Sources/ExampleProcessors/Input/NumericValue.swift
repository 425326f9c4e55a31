/// Reads one CSV value as a number. Strict: no surrounding spaces, no empty value; NaN and infinities are
/// refused because one of them would make every later score or weight meaningless.
enum NumericValue {
    static func parse(_ text: String, line: Int, column: String) throws -> Double {
        guard let value = Double(text) else { throw InputError.notANumber(line: line, column: column, value: text) }
        guard value.isFinite else { throw InputError.notFinite(line: line, column: column, value: text) }
        return value
    }

    /// A label: exactly 0 or 1 (written as any number equal to them, such as `1.0`).
    static func label(_ text: String, line: Int, column: String) throws -> Double {
        guard let value = Double(text), value == 0 || value == 1 else {
            throw InputError.notALabel(line: line, column: column, value: text)
        }
        return value
    }
}
