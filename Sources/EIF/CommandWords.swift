import Foundation

/// Fixed meaning of `--cmd`, so two builders cannot disagree on the argv: a JSON array of strings when
/// the text starts with `[`; otherwise shell-style words. Words split on unquoted spaces, tabs and
/// newlines; `'…'` keeps everything literally; `"…"` keeps everything except that `\` escapes `"`, `\`,
/// `$` and `` ` ``; outside quotes `\` escapes any character. No variables, globbing or operators.
public enum CommandWords {
    public static func parse(_ text: String) throws -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") {
            guard let array = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [Any],
                  let words = array as? [String] else {
                throw EIFInputError("--cmd starts with \"[\" but is not a JSON array of strings: \(text)")
            }
            return words
        }
        return try split(text)
    }

    static func split(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(text).makeIterator()
        var position = 0
        func next() -> Character? {
            position += 1
            return iterator.next()
        }
        while let character = next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                let start = position
                while true {
                    guard let quoted = next() else { throw EIFInputError("--cmd: single quote at character \(start) is not closed") }
                    if quoted == "'" { break }
                    current.append(quoted)
                }
            case "\"":
                inWord = true
                let start = position
                while true {
                    guard let quoted = next() else { throw EIFInputError("--cmd: double quote at character \(start) is not closed") }
                    if quoted == "\"" { break }
                    if quoted == "\\" {
                        guard let escaped = next() else { throw EIFInputError("--cmd: double quote at character \(start) is not closed") }
                        if !"\"\\$`".contains(escaped) { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(quoted)
                    }
                }
            case "\\":
                inWord = true
                guard let escaped = next() else { throw EIFInputError("--cmd: ends with a lone backslash") }
                current.append(escaped)
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
