/// One operator applied to one key with its policy values (several values are ORed; NOR when negated).
public struct ConditionClause: Hashable, Sendable, CustomStringConvertible {
    public let op: ConditionOperator
    /// The lower-cased key name.
    public let key: String
    /// The key as the policy spells it, for messages.
    public let keyAsWritten: String
    public let values: [String]

    public init(op: ConditionOperator, key: String, values: [String]) throws {
        let normalized = try ConditionKey.normalize(key)
        let multivalued = ConditionKey.multivalued.contains(normalized)
        if multivalued, op.qualifier == nil, op.base != .null {
            throw PolicyError(.invalidOperatorForKey(operator: op.description, key: key))
        }
        if op.base == .null, !values.allSatisfy({ $0 == "true" || $0 == "false" }) {
            throw PolicyError(.invalidValue(element: "Null \(key)", value: values.joined(separator: ",")))
        }
        if op.base == .bool, !values.allSatisfy({ ["true", "false"].contains($0.lowercased()) }) {
            throw PolicyError(.invalidValue(element: "Bool \(key)", value: values.joined(separator: ",")))
        }
        guard !values.isEmpty else { throw PolicyError(.invalidValue(element: "\(op) \(key)", value: "[]")) }
        self.op = op
        self.key = normalized
        keyAsWritten = key
        self.values = values
    }

    /// AWS's rules: an absent key fails a positive operator and satisfies a negated one; `IfExists`
    /// satisfies any operator when the key is absent; `Null` tests presence only; `ForAllValues` holds for
    /// an absent or empty set, `ForAnyValue` fails for one.
    public func isSatisfied(by request: RequestContext) -> Bool {
        let present = request.values(for: key)
        if op.base == .null {
            let absent = present?.isEmpty ?? true
            return values.contains { $0 == (absent ? "true" : "false") }
        }
        guard let requestValues = present, !requestValues.isEmpty else {
            if op.ifExists { return true }
            switch op.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case nil: return op.base.isNegated
            }
        }
        let single: (String) -> Bool = { value in
            let anyMatch = values.contains { op.base.matches(request: value, policy: $0) }
            return op.base.isNegated ? !anyMatch : anyMatch
        }
        switch op.qualifier {
        case .forAllValues: return requestValues.allSatisfy(single)
        case .forAnyValue, nil: return requestValues.contains(where: single)
        }
    }

    public var description: String { "\(op) \(keyAsWritten) \(values)" }
}
