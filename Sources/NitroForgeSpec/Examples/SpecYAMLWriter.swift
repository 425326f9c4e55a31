import Foundation
import NitroFormats

/// Writes a spec value as commented YAML: each field preceded by its meaning from the description
/// table, keys in the table's order, strings quoted whenever YAML could read them as something else.
enum SpecYAMLWriter {
    static let commentWidth = 100

    static func document(_ value: JSONValue, summary: [String], schemaReference: String) -> String {
        var lines = ["# yaml-language-server: $schema=\(schemaReference)"]
        lines += summary.map { "# \($0)" }
        lines += ["# Every field left out takes its default; docs/spec-reference.md lists them all.", ""]
        write(value, shape: SpecDescription.root, indent: 0, comments: true, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func write(_ value: JSONValue, shape: ObjectShape, indent: Int, comments: Bool, into lines: inout [String],
                              firstLinePrefix: String? = nil) {
        let members = value.objectValue ?? [:]
        var prefix = firstLinePrefix
        for field in shape.fields {
            guard let member = members[field.name] else { continue }
            let pad = String(repeating: " ", count: indent)
            if comments {
                if indent == 0, case .object = field.kind { lines.append("") }
                lines += wrap(field.summary, indent: pad)
            }
            let keyPrefix = prefix ?? pad
            prefix = nil
            switch (field.kind, member) {
            case (.object(let inner), _), (.choiceOrObject(_, let inner), .object):
                lines.append("\(keyPrefix)\(field.name):")
                write(member, shape: inner, indent: indent + 2, comments: comments, into: &lines)
            case (.list(let element, _, _), .array(let items)):
                lines.append("\(keyPrefix)\(field.name):")
                for item in items {
                    if case .object(let inner) = element {
                        write(item, shape: inner, indent: indent + 4, comments: false, into: &lines, firstLinePrefix: pad + "  - ")
                    } else {
                        lines.append("\(pad)  - \(scalar(item))")
                    }
                }
            case (.stringMap, .object(let entries)):
                lines.append("\(keyPrefix)\(field.name):")
                for key in entries.keys.sorted() {
                    lines.append("\(pad)  \(quoted(key)): \(scalar(entries[key]!))")
                }
            default:
                lines.append("\(keyPrefix)\(field.name): \(scalar(member))")
            }
        }
    }

    private static func wrap(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var current = indent + "#"
        for word in text.split(separator: " ") {
            if current.count + 1 + word.count > commentWidth, current != indent + "#" {
                lines.append(current)
                current = indent + "#"
            }
            current += " " + word
        }
        lines.append(current)
        return lines
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        default: return value.literal
        }
    }

    /// The string plain when YAML reads it back as the same string, double-quoted otherwise.
    static func quoted(_ text: String) -> String {
        let plainSafe = text.range(of: "^[A-Za-z/][A-Za-z0-9/_.@:+=,~-]*$", options: .regularExpression) != nil
            && !text.contains(": ") && !text.hasSuffix(":")
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        if plainSafe { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

extension SpecExample {
    /// The example as commented YAML whose schema comment points at `schemaReference`.
    public func yaml(schemaReference: String) -> String {
        SpecYAMLWriter.document(content, summary: summary, schemaReference: schemaReference)
    }

    /// Where the committed examples find the schema, relative to `examples/<name>/`.
    public static let repositorySchemaReference = "../../docs/nitroforge.schema.json"
}
