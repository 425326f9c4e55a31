import PolicyEvaluator

/// The policies an invariant is checked on: as written, its `Allow` statements alone, or with a careless
/// `Allow` of `kms:*` to every principal added (which only an explicit `Deny` can withstand).
public enum PolicyVariant: String, Sendable, Codable, CaseIterable, Hashable {
    case asWritten
    case allowsAlone
    case withKMSStarForEveryone

    static let addedSid = "AuditAddedAllowKMSStarForEveryone"

    func apply(to policy: PolicyDocument) -> PolicyDocument {
        switch self {
        case .asWritten:
            return policy
        case .allowsAlone:
            return PolicyDocument(statements: policy.statements.filter { $0.effect == .allow })
        case .withKMSStarForEveryone:
            let added = PolicyStatement(
                id: StatementID(index: policy.statements.count, sid: Self.addedSid), effect: .allow, principals: [.everyone],
                actions: PatternElement(actions: ["kms:*"], negated: false), resources: PatternElement(resources: ["*"], negated: false)
            )
            return PolicyDocument(statements: policy.statements + [added])
        }
    }
}
