import PolicyEvaluator

/// Actions that every statement of the policy treats alike (each `Action`/`NotAction` element matches
/// all of them or none), so one representative decides for all.
public struct ActionClass: Sendable, Hashable, Codable {
    public let members: [String]

    var representative: String { members[0] }

    public var label: String {
        members.map { action in
            switch action {
            case KMSActions.unlistedKMSAction: return "(any unlisted kms action)"
            case KMSActions.otherServiceAction: return "(any other service's action)"
            default: return action
            }
        }.joined(separator: ", ")
    }

    /// Groups KMS's actions, the actions the policy names, and the two stand-ins by which statements apply.
    static func classes(policy: PolicyDocument) -> [ActionClass] {
        var universe = KMSActions.all
        for statement in policy.statements {
            for pattern in statement.actions.patterns where !pattern.contains("*") && !pattern.contains("?") {
                if !universe.contains(where: { $0.lowercased() == pattern.lowercased() }) { universe.append(pattern) }
            }
        }
        universe += [KMSActions.unlistedKMSAction, KMSActions.otherServiceAction]
        var groups: [[Bool]: [String]] = [:]
        var order: [[Bool]] = []
        for action in universe {
            let signature = policy.statements.map { $0.actions.applies(to: action) }
            if groups[signature] == nil { order.append(signature) }
            groups[signature, default: []].append(action)
        }
        return order.compactMap { groups[$0].map(ActionClass.init(members:)) }
    }

    func contains(_ action: String) -> Bool {
        members.contains { $0.lowercased() == action.lowercased() }
    }
}
