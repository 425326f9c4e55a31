import PolicyEvaluator

/// Every equivalence class of requests against one key policy, each evaluated.
public struct KeyEvaluation: Sendable {
    public let principals: [PrincipalClass]
    public let actions: [ActionClass]
    public let dimensions: [ConditionDimension]
    let states: [RequestState]
    /// Indexed `[principal][action][state]`, flattened.
    let decisions: [PolicyDecision]

    public var classCount: Int { decisions.count }

    /// Conditions depend on the principal and the condition class, never on the action, so each
    /// statement's conditions are evaluated once per principal and class; actions and principals are
    /// matched once per class; `PolicyDecision(matches:)` then combines them as `evaluate` does.
    init(policy: PolicyDocument, subject: AuditSubject, attestationAxis: Bool) {
        let principals = PrincipalClass.classes(subject: subject, policy: policy)
        let actions = ActionClass.classes(policy: policy)
        let dimensions = ConditionDimension.dimensions(subject: subject, policy: policy, attestationAxis: attestationAxis)
        let states = RequestState.all(dimensions)
        (self.principals, self.actions, self.dimensions, self.states) = (principals, actions, dimensions, states)
        let statements = policy.statements
        let actionApplies = actions.map { action in statements.map { $0.actions.applies(to: action.representative) } }
        var decisions: [PolicyDecision] = []
        decisions.reserveCapacity(principals.count * actions.count * states.count)
        for principal in principals {
            let requests = states.map {
                $0.request(principal: principal.principal, action: "kms:DescribeKey", account: subject.account, dimensions: dimensions)
            }
            guard let sample = requests.first else { continue }
            let principalMatches = statements.map { statement -> StatementMatch? in
                statement.resources.applies(to: sample.resource) ? statement.principalMatch(sample) : nil
            }
            let holds = requests.map { request in
                statements.indices.map { principalMatches[$0] != nil && statements[$0].conditionsHold(request) }
            }
            for a in actions.indices {
                for s in states.indices {
                    var matches: [(StatementID, StatementMatch)] = []
                    for (i, statement) in statements.enumerated() where actionApplies[a][i] && holds[s][i] {
                        if let match = principalMatches[i] { matches.append((statement.id, match)) }
                    }
                    decisions.append(PolicyDecision(matches: matches))
                }
            }
        }
        self.decisions = decisions
    }

    func decision(principal: Int, action: Int, state: Int) -> PolicyDecision {
        decisions[(principal * actions.count + action) * states.count + state]
    }

    /// The class of a named action; every KMS action is in some class.
    func actionIndex(_ action: String) -> Int? {
        actions.firstIndex { $0.contains(action) }
    }

    /// A request class that may be allowed.
    struct Allowed {
        let principal: PrincipalClass
        let action: String
        let state: RequestState
        let decision: PolicyDecision
    }

    /// The classes that may be allowed for `action` (directly or through an account's IAM policies).
    func allowed(_ action: String) -> [Allowed] {
        guard let a = actionIndex(action) else { return [] }
        var out: [Allowed] = []
        for p in principals.indices {
            for s in states.indices {
                let d = decision(principal: p, action: a, state: s)
                if d.mayAllow { out.append(Allowed(principal: principals[p], action: action, state: states[s], decision: d)) }
            }
        }
        return out
    }

    func describe(_ state: RequestState) -> String {
        zip(dimensions, state.choices).map { "\($0.name) = \($0.labels[$1])" }.joined(separator: ", ")
    }
}
