import PolicyEvaluator

/// One class of callers: a principal the subject or the policy names, or a stand-in for everyone else.
public struct PrincipalClass: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable {
        case administrator, producer, consumer, modelPublisher, resultReader
        /// Named by the policy but not by the subject.
        case namedInPolicy
        case accountRoot
        /// Any principal of the key's account that no statement names.
        case otherInAccount
        /// Any principal of another account.
        case otherAccount
        case service
        /// Any service no statement names.
        case otherService
    }

    public let label: String
    public let roles: Set<Role>
    let principal: RequestPrincipal

    public var name: String { principal.description }

    static func classes(subject: AuditSubject, policy: PolicyDocument) -> [PrincipalClass] {
        var roles: [String: Set<Role>] = [:]
        var order: [String] = []
        func add(_ arn: String, _ role: Role) {
            if roles[arn] == nil { order.append(arn) }
            roles[arn, default: []].insert(role)
        }
        subject.administrators.forEach { add($0, .administrator) }
        add(subject.producer, .producer)
        add(subject.consumer, .consumer)
        subject.modelPublisher.map { add($0, .modelPublisher) }
        subject.resultReaders.forEach { add($0, .resultReader) }
        var services: [String] = []
        var accounts: [String] = [subject.account]
        for statement in policy.statements {
            for principal in statement.principals ?? [] {
                switch principal {
                case .iam(let arn) where roles[arn] == nil: add(arn, .namedInPolicy)
                case .service(let name) where !services.contains(name): services.append(name)
                case .account(let account) where !accounts.contains(account): accounts.append(account)
                default: break
                }
            }
            for clause in statement.conditions where clause.key == ConditionKey.principalArn {
                for arn in clause.values where roles[arn] == nil && !arn.contains("*") && !arn.contains("?") { add(arn, .namedInPolicy) }
            }
        }
        var result = order.map { arn in
            let set = roles[arn] ?? []
            let label = set.map(\.rawValue).sorted().joined(separator: "+")
            return PrincipalClass(label: "\(label) \(arn)", roles: set, principal: .iam(arn: arn))
        }
        for account in accounts {
            result.append(PrincipalClass(label: "account root \(account)", roles: [.accountRoot], principal: .accountRoot(account: account)))
            result.append(PrincipalClass(
                label: "any other principal of \(account)", roles: [.otherInAccount],
                principal: .iam(arn: "arn:aws:iam::\(account):role/nitroforge-audit-unnamed")
            ))
        }
        let foreign = ["999999999999", "888888888888"].first { !accounts.contains($0) } ?? "777777777777"
        result.append(PrincipalClass(
            label: "any principal of another account", roles: [.otherAccount],
            principal: .iam(arn: "arn:aws:iam::\(foreign):role/nitroforge-audit-foreign")
        ))
        for service in services {
            result.append(PrincipalClass(label: "service \(service)", roles: [.service], principal: .service(service)))
        }
        result.append(PrincipalClass(label: "any other service", roles: [.otherService], principal: .service("nitroforge-audit.amazonaws.com")))
        return result
    }
}
