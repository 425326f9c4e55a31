/// A statement's `Resource` or `NotResource`: `*` or ARNs with wildcards, matched case-sensitively.
public struct ResourceElement: Hashable, Sendable {
    public let patterns: [String]
    /// `true` for `NotResource`.
    public let negated: Bool
    let compiled: [WildcardPattern]

    public init(patterns: [String], negated: Bool) {
        self.patterns = patterns
        self.negated = negated
        compiled = patterns.map { WildcardPattern($0, caseInsensitive: false) }
    }

    public func applies(to resource: String) -> Bool {
        compiled.contains { $0.matches(resource) } != negated
    }
}
