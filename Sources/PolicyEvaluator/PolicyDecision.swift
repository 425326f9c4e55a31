/// The outcome of evaluating one request against one policy.
public enum PolicyDecision: Hashable, Sendable, CustomStringConvertible {
    /// A matching `Deny` statement: nothing else can allow the request.
    case explicitDeny(by: [StatementID])
    /// A matching `Allow` that names the principal (or `*`) in the resource's own account: the policy alone allows.
    case allow(by: [StatementID])
    /// The only matching `Allow`s delegate to an account (its root, or a principal of another account):
    /// the request is allowed only if that account's IAM policies allow it too.
    case allowIfAccountAllows(account: String, by: [StatementID])
    /// No statement matches.
    case implicitDeny

    /// `true` when the request can succeed under this policy (directly or through the account's IAM policies).
    public var mayAllow: Bool {
        switch self {
        case .allow, .allowIfAccountAllows: return true
        case .explicitDeny, .implicitDeny: return false
        }
    }

    public var isExplicitDeny: Bool {
        if case .explicitDeny = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .explicitDeny(let by): return "explicit deny (\(by.map(\.description).joined(separator: ", ")))"
        case .allow(let by): return "allow (\(by.map(\.description).joined(separator: ", ")))"
        case .allowIfAccountAllows(let account, let by):
            return "allow if account \(account)'s IAM policies allow (\(by.map(\.description).joined(separator: ", ")))"
        case .implicitDeny: return "implicit deny"
        }
    }
}
