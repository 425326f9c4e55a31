/// One statement of a policy, as typed values.
public struct PolicyStatement: Hashable, Sendable {
    public let id: StatementID
    public let effect: PolicyEffect
    /// `nil` in an identity policy, where the principal is whoever the policy is attached to.
    public let principals: [PolicyPrincipal]?
    public let actions: ActionElement
    public let resources: ResourceElement
    /// Every clause must hold (AND); within a clause the values are ORed.
    public let conditions: [ConditionClause]

    public init(
        id: StatementID, effect: PolicyEffect, principals: [PolicyPrincipal]?, actions: ActionElement,
        resources: ResourceElement, conditions: [ConditionClause] = []
    ) {
        self.id = id
        self.effect = effect
        self.principals = principals
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }

    static let elements: Set<String> = ["Sid", "Effect", "Principal", "Action", "NotAction", "Resource", "NotResource", "Condition"]

    init(json: PolicyJSON, index: Int) throws {
        guard case .object(let fields) = json else {
            throw PolicyError(.invalidValue(element: "Statement", value: json.brief), statementIndex: index)
        }
        var sid: String? = nil
        if case .string(let s)? = fields["Sid"] { sid = s }
        do {
            try self.init(fields: fields, id: StatementID(index: index, sid: sid))
        } catch let error as PolicyError {
            throw error.at(index, sid: sid)
        }
    }

    private init(fields: [String: PolicyJSON], id: StatementID) throws {
        for name in fields.keys.sorted() where !Self.elements.contains(name) {
            throw PolicyError(.unsupportedElement(name))
        }
        switch fields["Sid"] {
        case nil, .string?: break
        case let other?: throw PolicyError(.invalidValue(element: "Sid", value: other.brief))
        }
        guard let effectJSON = fields["Effect"] else { throw PolicyError(.missingElement("Effect")) }
        guard case .string(let effectName) = effectJSON, let effect = PolicyEffect(rawValue: effectName) else {
            throw PolicyError(.invalidValue(element: "Effect", value: effectJSON.brief))
        }
        let principals = try fields["Principal"].map(Self.principals)
        if effect == .deny, let principals, principals.contains(where: { if case .account = $0 { true } else { false } }) {
            throw PolicyError(.unsupportedPrincipal("an account in a Deny statement"))
        }
        let actions = try Self.pair(fields, "Action", "NotAction").map { PatternElement(actions: $0.values, negated: $0.negated) }
        guard let actions else { throw PolicyError(.missingElement("Action")) }
        let resources = try Self.pair(fields, "Resource", "NotResource").map { PatternElement(resources: $0.values, negated: $0.negated) }
        guard let resources else { throw PolicyError(.missingElement("Resource")) }
        let conditions = try fields["Condition"].map(Self.conditions) ?? []
        self.init(id: id, effect: effect, principals: principals, actions: actions, resources: resources, conditions: conditions)
    }

    private static func pair(_ fields: [String: PolicyJSON], _ positive: String, _ negative: String) throws -> (values: [String], negated: Bool)? {
        switch (fields[positive], fields[negative]) {
        case (nil, nil): return nil
        case (.some, .some): throw PolicyError(.conflictingElements(positive, negative))
        case (let value?, nil): return (try value.strings(positive), false)
        case (nil, let value?): return (try value.strings(negative), true)
        }
    }

    private static func principals(_ json: PolicyJSON) throws -> [PolicyPrincipal] {
        switch json {
        case .string("*"): return [.everyone]
        case .object(let types):
            guard !types.isEmpty else { throw PolicyError(.invalidValue(element: "Principal", value: "{}")) }
            var result: [PolicyPrincipal] = []
            for type in types.keys.sorted() {
                let values = try types[type]?.strings("Principal.\(type)") ?? []
                switch type {
                case "AWS": result += try values.map(PolicyPrincipal.aws)
                case "Service": result += values.map(PolicyPrincipal.service)
                default: throw PolicyError(.unsupportedPrincipalType(type))
                }
            }
            return result
        default:
            throw PolicyError(.invalidValue(element: "Principal", value: json.brief))
        }
    }

    private static func conditions(_ json: PolicyJSON) throws -> [ConditionClause] {
        guard case .object(let operators) = json else {
            throw PolicyError(.invalidValue(element: "Condition", value: json.brief))
        }
        var clauses: [ConditionClause] = []
        for name in operators.keys.sorted() {
            let op = try ConditionOperator(parsing: name)
            guard case .object(let keys)? = operators[name], !keys.isEmpty else {
                throw PolicyError(.invalidValue(element: "Condition.\(name)", value: operators[name]?.brief ?? "null"))
            }
            for key in keys.keys.sorted() {
                let values = try keys[key]?.strings("Condition.\(name).\(key)", scalars: true) ?? []
                clauses.append(try ConditionClause(op: op, key: key, values: values))
            }
        }
        return clauses
    }
}
