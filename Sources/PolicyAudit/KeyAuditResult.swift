/// One key's audit: its classes, its table, and what it breaks.
public struct KeyAuditResult: Sendable, Codable, Hashable {
    public let key: KeyRole
    /// Request classes evaluated per policy variant (the principals × action classes × condition classes).
    public let classesEvaluated: [String: Int]
    public let principalClasses: [String]
    public let actionClasses: [[String]]
    public let conditionDimensions: [String: [String]]
    /// The table of the policy as written.
    public let access: [AccessEntry]
    public let violations: [InvariantViolation]

    public var totalClassesEvaluated: Int { classesEvaluated.values.reduce(0, +) }
}
