/// Who makes a request.
public enum RequestPrincipal: Hashable, Sendable, CustomStringConvertible {
    /// An IAM role or user, by its ARN (for a role session, the role's ARN, as `aws:PrincipalArn` gives it).
    case iam(arn: String)
    /// An account's root user.
    case accountRoot(account: String)
    /// An AWS service acting on its own behalf.
    case service(String)

    /// The account the principal belongs to; `nil` for a service.
    public var account: String? {
        switch self {
        case .iam(let arn): return ARN(arn).map { String($0.account) }
        case .accountRoot(let account): return account
        case .service: return nil
        }
    }

    /// The ARN `aws:PrincipalArn` reports.
    public var arn: String? {
        switch self {
        case .iam(let arn): return arn
        case .accountRoot(let account): return "arn:aws:iam::\(account):root"
        case .service: return nil
        }
    }

    public var description: String {
        switch self {
        case .iam(let arn): return arn
        case .accountRoot(let account): return "arn:aws:iam::\(account):root"
        case .service(let name): return name
        }
    }
}
