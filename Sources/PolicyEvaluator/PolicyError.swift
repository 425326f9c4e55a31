/// Why a policy was refused. Every part of a policy this module does not model is refused by name, so a
/// statement can never be silently ignored and an audit never passes on a policy it did not understand.
public struct PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The document is not JSON, or not an object where one is required.
        case malformedJSON(String)
        /// `Version` other than `2012-10-17` (the only version with the grammar modelled here).
        case unsupportedVersion(String)
        /// A policy or statement element outside the modelled subset (for example `NotPrincipal`).
        case unsupportedElement(String)
        /// A required element is absent.
        case missingElement(String)
        /// Two elements that exclude each other (`Action` and `NotAction`).
        case conflictingElements(String, String)
        /// A value of the wrong JSON type or shape.
        case invalidValue(element: String, value: String)
        /// A principal type other than `AWS` and `Service`.
        case unsupportedPrincipalType(String)
        /// A principal form whose meaning in this statement is not modelled (an account in a `Deny`).
        case unsupportedPrincipal(String)
        /// A condition operator outside the modelled subset.
        case unsupportedConditionOperator(String)
        /// A condition key outside the modelled request context.
        case unsupportedConditionKey(String)
        /// A multivalued key used with a single-valued operator, or an operator that takes no set qualifier.
        case invalidOperatorForKey(operator: String, key: String)
        /// A `${...}` policy variable; variables are not substituted here.
        case policyVariable(String)
    }

    public let kind: Kind
    /// Zero-based index of the statement, when the error is inside one.
    public let statementIndex: Int?
    public let sid: String?

    public init(_ kind: Kind, statementIndex: Int? = nil, sid: String? = nil) {
        self.kind = kind
        self.statementIndex = statementIndex
        self.sid = sid
    }

    func at(_ index: Int, sid: String?) -> PolicyError {
        PolicyError(kind, statementIndex: statementIndex ?? index, sid: self.sid ?? sid)
    }

    public var description: String {
        var location = ""
        if let statementIndex {
            location = "statement \(statementIndex)"
            if let sid { location += " (Sid \"\(sid)\")" }
            location += ": "
        }
        switch kind {
        case .malformedJSON(let why): return location + "malformed policy JSON: \(why)"
        case .unsupportedVersion(let version): return location + "unsupported policy Version \"\(version)\" (only 2012-10-17)"
        case .unsupportedElement(let name): return location + "unsupported policy element \"\(name)\""
        case .missingElement(let name): return location + "missing element \"\(name)\""
        case .conflictingElements(let a, let b): return location + "\"\(a)\" and \"\(b)\" in one statement"
        case .invalidValue(let element, let value): return location + "invalid value for \(element): \(value)"
        case .unsupportedPrincipalType(let type): return location + "unsupported principal type \"\(type)\" (only AWS and Service)"
        case .unsupportedPrincipal(let why): return location + "unsupported principal: \(why)"
        case .unsupportedConditionOperator(let name): return location + "unsupported condition operator \"\(name)\""
        case .unsupportedConditionKey(let key): return location + "unsupported condition key \"\(key)\""
        case .invalidOperatorForKey(let op, let key): return location + "condition operator \"\(op)\" cannot test \"\(key)\""
        case .policyVariable(let value): return location + "policy variable in \"\(value)\" (variables are not supported)"
        }
    }
}
