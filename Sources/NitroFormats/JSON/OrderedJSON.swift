/// JSON written with object keys in the order given, so that output is byte-for-byte deterministic: the
/// generated policies and tfvars read in a fixed, meaningful order (`Sid`, `Effect`, ...), and the EIF
/// metadata section keeps the reference's declaration order (serde_json). Write-only; reading uses
/// `JSONValue`.
public indirect enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case string(String)
    case array([OrderedJSON])
    case object([(key: String, value: OrderedJSON)])

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool { lhs.compactText == rhs.compactText }

    /// Compact JSON (no spaces), as serde_json's `to_vec` writes it.
    public var compactText: String {
        switch self {
        case .array(let items): return "[" + items.map(\.compactText).joined(separator: ",") + "]"
        case .object(let entries): return "{" + entries.map { Self.quote($0.key) + ":" + $0.value.compactText }.joined(separator: ",") + "}"
        default: return scalarText
        }
    }

    /// Two-space indented JSON ending in a newline.
    public func pretty() -> String { rendered(indent: 0) + "\n" }

    private func rendered(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        let close = String(repeating: " ", count: indent)
        switch self {
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.rendered(indent: indent + 2) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let entries):
            if entries.isEmpty { return "{}" }
            let lines = entries.map { pad + Self.quote($0.key) + ": " + $0.value.rendered(indent: indent + 2) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + close + "}"
        default:
            return scalarText
        }
    }

    private var scalarText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .string(let value): Self.quote(value)
        case .array, .object: compactText
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
