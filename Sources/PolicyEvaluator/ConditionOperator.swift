/// A condition operator: a base comparison, optionally qualified by `ForAnyValue:`/`ForAllValues:` and
/// suffixed by `IfExists`.
public struct ConditionOperator: Hashable, Sendable, CustomStringConvertible {
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case bool = "Bool"
        case null = "Null"

        /// Negated operators match when no policy value matches (NOR), and when the key is absent.
        public var isNegated: Bool {
            self == .stringNotEquals || self == .stringNotEqualsIgnoreCase || self == .stringNotLike
        }

        /// The positive comparison of one request value with one policy value.
        func matches(request: String, policy: String) -> Bool {
            switch self {
            case .stringEquals, .stringNotEquals: return request == policy
            case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: return request.lowercased() == policy.lowercased()
            case .stringLike, .stringNotLike: return WildcardPattern(policy, caseInsensitive: false).matches(request)
            case .arnEquals, .arnLike: return ARN.like(pattern: policy, value: request)
            case .bool: return request.lowercased() == policy.lowercased()
            case .null: return false
            }
        }
    }

    public enum SetQualifier: String, Sendable {
        case forAnyValue = "ForAnyValue"
        case forAllValues = "ForAllValues"
    }

    public let base: Base
    public let qualifier: SetQualifier?
    public let ifExists: Bool

    public init(base: Base, qualifier: SetQualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Parses an operator name; anything outside the modelled subset is refused by name.
    public init(parsing name: String) throws {
        var rest = Substring(name)
        var qualifier: SetQualifier? = nil
        if let colon = rest.firstIndex(of: ":") {
            guard let q = SetQualifier(rawValue: String(rest[..<colon])) else {
                throw PolicyError(.unsupportedConditionOperator(name))
            }
            qualifier = q
            rest = rest[rest.index(after: colon)...]
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base(rawValue: String(rest)) else { throw PolicyError(.unsupportedConditionOperator(name)) }
        if base == .null, qualifier != nil || ifExists { throw PolicyError(.unsupportedConditionOperator(name)) }
        self.init(base: base, qualifier: qualifier, ifExists: ifExists)
    }

    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }
}
