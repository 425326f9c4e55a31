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
