extension PolicyDocument {
    /// AWS's order: an applicable `Deny` wins; otherwise an applicable `Allow` allows; otherwise the
    /// request is implicitly denied.
    public func evaluate(_ request: RequestContext) -> PolicyDecision {
        PolicyDecision(matches: statements.compactMap { statement in statement.match(request).map { (statement.id, $0) } })
    }
}

/// What one applicable statement contributes to a decision.
public enum StatementMatch: Hashable, Sendable {
    case deny
    /// The statement names the principal (or `*`), in the resource's account.
    case allow
    /// The statement allows only through an account's IAM policies: it names the account, or the
    /// principal belongs to another account than the resource.
    case allowViaAccount(String)
}

extension PolicyDecision {
    /// Combines the applicable statements: any `Deny` wins, then a direct `Allow`, then a delegated one.
    public init(matches: [(StatementID, StatementMatch)]) {
        let denies = matches.filter { $0.1 == .deny }.map(\.0)
        let allows = matches.filter { $0.1 == .allow }.map(\.0)
        if !denies.isEmpty { self = .explicitDeny(by: denies); return }
        if !allows.isEmpty { self = .allow(by: allows); return }
        for (_, match) in matches {
            if case .allowViaAccount(let account) = match {
                self = .allowIfAccountAllows(account: account, by: matches.map(\.0))
                return
            }
        }
        self = .implicitDeny
    }
}

extension PolicyStatement {
    /// The statement's contribution when it applies to the request (action, resource, principal and every
    /// condition), `nil` when it does not.
    public func match(_ request: RequestContext) -> StatementMatch? {
        guard actions.applies(to: request.action), resources.applies(to: request.resource),
              let match = principalMatch(request), conditionsHold(request) else { return nil }
        return match
    }

    /// Every condition clause holds (clauses are ANDed).
    public func conditionsHold(_ request: RequestContext) -> Bool {
        conditions.allSatisfy { $0.isSatisfied(by: request) }
    }

    /// How the statement's `Principal` covers the request's principal, `nil` when it does not. An account
    /// principal matches that account's root user directly and every other principal of the account only
    /// through its IAM policies; any direct match of a principal from another account than the resource's
    /// is delegated to that principal's account too.
    public func principalMatch(_ request: RequestContext) -> StatementMatch? {
        guard let direct = principalCovers(request.principal) else { return nil }
        if effect == .deny { return .deny }
        if case .allow = direct, request.isCrossAccount, let account = request.principal.account {
            return .allowViaAccount(account)
        }
        return direct
    }

    private func principalCovers(_ principal: RequestPrincipal) -> StatementMatch? {
        guard let principals else { return .allow }
        var result: StatementMatch? = nil
        for candidate in principals {
            switch (candidate, principal) {
            case (.everyone, _): return .allow
            case (.iam(let arn), .iam(let requestArn)) where arn == requestArn: return .allow
            case (.service(let name), .service(let requestName)) where name.lowercased() == requestName.lowercased(): return .allow
            case (.account(let account), .accountRoot(let requestAccount)) where account == requestAccount: return .allow
            case (.account(let account), .iam) where principal.account == account: result = .allowViaAccount(account)
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
