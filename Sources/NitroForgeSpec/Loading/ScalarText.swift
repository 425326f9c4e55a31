import Foundation
import Yams

/// How the checker reads scalars: by their text and style, the same way for every field, so that what
/// `validate` accepts matches the JSON Schema (a quoted "900" is a string, not an integer).
enum ScalarText {
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Whether YAML (1.1 or 1.2, as other tools read it) takes this plain text for a number or a boolean.
    static func readsAsNonString(_ text: String) -> Bool {
        let yaml11Booleans = ["yes", "no", "on", "off", "y", "n"]
        return Int(text) != nil || Double(text) != nil || bool(text) != nil
            || yaml11Booleans.contains(text.lowercased())
            || text.range(of: "^[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*(\\.[0-9_]*)?)$", options: .regularExpression) != nil
    }

    static func describe(_ scalar: Node.Scalar) -> String {
        scalar.style == .plain ? "\(scalar.string)" : "the string \"\(scalar.string)\""
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return describe(scalar)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
