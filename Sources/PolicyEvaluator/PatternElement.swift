/// A statement's `Action`/`NotAction` or `Resource`/`NotResource`: patterns with `*` and `?`, matched
/// case-insensitively for actions (service-prefixed names) and exactly for resources (ARNs).
public struct PatternElement: Hashable, Sendable {
    public let patterns: [String]
    /// `true` for `NotAction`/`NotResource`: the statement applies to everything the patterns do not match.
    public let negated: Bool
    let compiled: [WildcardPattern]

    init(patterns: [String], negated: Bool, caseInsensitive: Bool) {
        self.patterns = patterns
        self.negated = negated
        compiled = patterns.map { WildcardPattern($0, caseInsensitive: caseInsensitive) }
    }

    public func applies(to value: String) -> Bool {
        compiled.contains { $0.matches(value) } != negated
    }
}

/// A statement's `Action` or `NotAction`.
public typealias ActionElement = PatternElement
/// A statement's `Resource` or `NotResource`.
public typealias ResourceElement = PatternElement

extension PatternElement {
    public init(actions patterns: [String], negated: Bool) {
        self.init(patterns: patterns, negated: negated, caseInsensitive: true)
    }

    public init(resources patterns: [String], negated: Bool) {
        self.init(patterns: patterns, negated: negated, caseInsensitive: false)
    }
}
