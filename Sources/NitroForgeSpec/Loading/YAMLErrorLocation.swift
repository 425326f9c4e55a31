import Yams

/// Turns a Yams parse error into a located issue.
enum YAMLErrorLocation {
    static func issue(for error: Error, file: String) -> SpecIssue {
        let allowed = "valid YAML (spaces for indentation, `key: value` pairs, quotes around values with ': ' or '#')"
        guard let yamlError = error as? YamlError else {
            return SpecIssue(file: file, line: 1, column: 1, message: "cannot parse the YAML (\(error))", allowed: allowed)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " \($0.text)" } ?? ""
            return SpecIssue(file: file, line: mark.line, column: mark.column,
                             message: "YAML syntax error: \(problem)\(during)", allowed: allowed)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = context.mark
            let repeated = repeatedKey(duplicates.first ?? "", after: first, in: context.text) ?? (first.line, first.column)
            return SpecIssue(file: file, line: repeated.0, column: repeated.1,
                             message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) (first at line \(first.line))",
                             allowed: "each key once per mapping")
        case .reader(let problem, let offset, _, let yaml):
            let (line, column) = position(of: offset ?? 0, in: yaml)
            return SpecIssue(file: file, line: line, column: column, message: "cannot read the text: \(problem)",
                             allowed: "UTF-8 text without control characters")
        default:
            return SpecIssue(file: file, line: 1, column: 1, message: "cannot parse the YAML (\(yamlError))", allowed: allowed)
        }
    }

    /// Where a duplicated key is written again: Yams reports the first occurrence, the mistake is the next
    /// line at the same column that starts with the same key.
    private static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index].unicodeScalars
            let indent = first.column - 1
            guard line.count > indent else { continue }
            let rest = String(String.UnicodeScalarView(line.dropFirst(indent)))
            if line.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }), rest.hasPrefix(key + ":") {
                return (index + 1, first.column)
            }
        }
        return nil
    }

    /// 1-based line and column of a UTF-8 byte offset.
    private static func position(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for byte in text.utf8.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
