/// A statement's `Action` or `NotAction`: service-prefixed names, case-insensitive, with `*` and `?`.
public struct ActionElement: Hashable, Sendable {
    public let patterns: [String]
    /// `true` for `NotAction`: the statement applies to every action the patterns do not match.
    public let negated: Bool
    let compiled: [WildcardPattern]

    public init(patterns: [String], negated: Bool) {
        self.patterns = patterns
        self.negated = negated
        compiled = patterns.map { WildcardPattern($0, caseInsensitive: true) }
    }

    public func applies(to action: String) -> Bool {
        compiled.contains { $0.matches(action) } != negated
    }
}
