extension PolicyDocument {
    /// AWS's order: an applicable `Deny` wins; otherwise an applicable `Allow` allows; otherwise the
    /// request is implicitly denied.
    public func evaluate(_ request: RequestContext) -> PolicyDecision {
        var denies: [StatementID] = []
        var allows: [StatementID] = []
        var delegated: [StatementID] = []
        var delegatedAccount: String? = nil
        for statement in statements {
            guard statement.actions.applies(to: request.action), statement.resources.applies(to: request.resource) else { continue }
            let match = statement.principalMatch(request.principal)
            if case .none = match { continue }
            guard statement.conditions.allSatisfy({ $0.isSatisfied(by: request) }) else { continue }
            if statement.effect == .deny {
                denies.append(statement.id)
                continue
            }
            switch match {
            case .direct where request.isCrossAccount:
                delegated.append(statement.id)
                delegatedAccount = request.principal.account
            case .direct:
                allows.append(statement.id)
            case .viaAccount(let account):
                delegated.append(statement.id)
                delegatedAccount = account
            case .none:
                continue
            }
        }
        if !denies.isEmpty { return .explicitDeny(by: denies) }
        if !allows.isEmpty { return .allow(by: allows) }
        if let delegatedAccount { return .allowIfAccountAllows(account: delegatedAccount, by: delegated) }
        return .implicitDeny
    }
}

enum PrincipalMatch {
    case none
    case direct
    case viaAccount(String)
}

extension PolicyStatement {
    /// How the statement's `Principal` covers the request's principal. An account principal matches that
    /// account's root user directly and every other principal of the account only through its IAM policies.
    func principalMatch(_ principal: RequestPrincipal) -> PrincipalMatch {
        guard let principals else { return .direct }
        var result = PrincipalMatch.none
        for candidate in principals {
            switch (candidate, principal) {
            case (.everyone, _): return .direct
            case (.iam(let arn), .iam(let requestArn)) where arn == requestArn: return .direct
            case (.service(let name), .service(let requestName)) where name.lowercased() == requestName.lowercased(): return .direct
            case (.account(let account), .accountRoot(let requestAccount)) where account == requestAccount: return .direct
            case (.account(let account), .iam) where principal.account == account: result = .viaAccount(account)
            default: continue
            }
        }
        return result
    }
}

extension RequestContext {
    /// A principal of another account than the resource's needs its own account's permission too.
    var isCrossAccount: Bool {
        guard let resourceAccount, let account = principal.account else { return false }
        return account != resourceAccount
    }
}
