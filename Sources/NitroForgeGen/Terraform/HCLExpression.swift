/// A Terraform expression as a typed value, so that strings are escaped, references stay references and
/// nested objects and lists are laid out the way `terraform fmt` lays them out.
public indirect enum HCLExpression: Sendable, Equatable {
    /// A quoted string; `${` and `%{` are escaped so the value is never read as a template.
    case string(String)
    /// A quoted template that may interpolate (`"arn:aws:s3:::${local.jobs_bucket}"`), written as given.
    case template(String)
    case number(Int)
    case bool(Bool)
    /// A traversal such as `aws_kms_key.data.arn` or `var.enclave_pcr0`.
    case reference(String)
    /// An operator or conditional expression written as HCL text (`length(var.x) > 0`).
    case expression(String)
    case list([HCLExpression])
    /// An object constructor; keys are quoted when they are not plain identifiers.
    case object([(key: String, value: HCLExpression)])
    case call(String, [HCLExpression])

    public static func == (lhs: HCLExpression, rhs: HCLExpression) -> Bool {
        lhs.rendered(indent: 0) == rhs.rendered(indent: 0)
    }

    /// The expression as HCL text; nested lines are indented from `indent` (in spaces).
    public func rendered(indent: Int) -> String {
        switch self {
        case .string(let value): return Self.quote(value)
        case .template(let value): return "\"\(value)\""
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .reference(let value), .expression(let value): return value
        case .call(let name, let arguments):
            return "\(name)(" + arguments.map { $0.rendered(indent: indent) }.joined(separator: ", ") + ")"
        case .list(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) {
                let inline = "[" + items.map { $0.rendered(indent: 0) }.joined(separator: ", ") + "]"
                if inline.count + indent <= 100 { return inline }
            }
            let pad = String(repeating: " ", count: indent + 2)
            let lines = items.map { pad + $0.rendered(indent: indent + 2) + "," }
            return "[\n" + lines.joined(separator: "\n") + "\n" + String(repeating: " ", count: indent) + "]"
        case .object(let entries):
            if entries.isEmpty { return "{}" }
            let pad = String(repeating: " ", count: indent + 2)
            let lines = entries.map { pad + Self.key($0.key) + " = " + $0.value.rendered(indent: indent + 2) }
            return "{\n" + lines.joined(separator: "\n") + "\n" + String(repeating: " ", count: indent) + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .string, .template, .number, .bool, .reference, .expression: return true
        case .list, .object, .call: return false
        }
    }

    static func key(_ key: String) -> String {
        let isIdentifier = key.first.map { $0.isLetter || $0 == "_" } == true
            && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return isIdentifier ? key : quote(key)
    }

    static func quote(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        out += "\""
        return out
            .replacingOccurrences(of: "${", with: "$${")
            .replacingOccurrences(of: "%{", with: "%%{")
    }
}
