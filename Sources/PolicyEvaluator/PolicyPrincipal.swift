/// One entry of a statement's `Principal` element.
public enum PolicyPrincipal: Hashable, Sendable, CustomStringConvertible {
    /// `"*"` or `{"AWS": "*"}`, which AWS documents as equivalent: every principal.
    case everyone
    /// An account (`123456789012` or `arn:aws:iam::123456789012:root`). This delegates to the account's
    /// IAM policies; it never means "every principal of the account".
    case account(String)
    /// An IAM role or user ARN, matched exactly.
    case iam(String)
    /// A service principal such as `logs.us-east-1.amazonaws.com`.
    case service(String)

    public var description: String {
        switch self {
        case .everyone: return "*"
        case .account(let id): return "arn:aws:iam::\(id):root"
        case .iam(let arn): return arn
        case .service(let name): return name
        }
    }

    static func aws(_ value: String) throws -> PolicyPrincipal {
        if value == "*" { return .everyone }
        // IAM accepts no wildcard inside a principal ARN; one here would silently match nobody.
        if value.contains("*") || value.contains("?") { throw PolicyError(.invalidValue(element: "Principal.AWS", value: value)) }
        if value.count == 12, value.allSatisfy(\.isASCIIDigit) { return .account(value) }
        guard let arn = ARN(value), arn.service == "iam" || arn.service == "sts" else {
            throw PolicyError(.invalidValue(element: "Principal.AWS", value: value))
        }
        if arn.resource == "root" { return .account(String(arn.account)) }
        return .iam(value)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
