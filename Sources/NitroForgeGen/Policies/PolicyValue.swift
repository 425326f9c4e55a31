/// A value in a policy that Terraform and the review JSON spell differently: Terraform refers to the
/// resource (`aws_kms_key.data.arn`), the review copy shows the value, or a `<name>` placeholder inside a
/// valid ARN when the value exists only after `terraform apply`.
public struct PolicyValue: Sendable, Hashable {
    /// The HCL expression Terraform evaluates.
    public var terraform: HCLExpression
    /// What `policies/*.json` shows.
    public var review: String

    public init(terraform: HCLExpression, review: String) {
        self.terraform = terraform
        self.review = review
    }

    /// A value known when the output is generated, the same in both renderings.
    public static func literal(_ value: String) -> PolicyValue {
        PolicyValue(terraform: .string(value), review: value)
    }

    public static func == (lhs: PolicyValue, rhs: PolicyValue) -> Bool { lhs.review == rhs.review }
    public func hash(into hasher: inout Hasher) { hasher.combine(review) }
}

/// The values of one condition key: either single values, or one Terraform list expression (such as the
/// allowed PCR0 list, read from variables) with the values it holds for review.
public enum PolicyValues: Sendable, Equatable {
    case values([PolicyValue])
    case list(HCLExpression, review: [String])

    public var review: [String] {
        switch self {
        case .values(let values): return values.map(\.review)
        case .list(_, let review): return review
        }
    }

    var terraform: HCLExpression {
        switch self {
        case .values(let values) where values.count == 1: return values[0].terraform
        case .values(let values): return .list(values.map(\.terraform))
        case .list(let expression, _): return expression
        }
    }
}
