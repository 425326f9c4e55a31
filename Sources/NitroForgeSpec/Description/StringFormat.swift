import Foundation

/// A named string format: one regular expression shared by the validator and the JSON Schema, and the
/// sentence that tells a user what is allowed. Patterns use only syntax that ICU (Foundation), ECMA-262
/// (JSON Schema) and Python's `re` read the same way.
public struct StringFormat: Sendable {
    /// What the value is, e.g. "S3 bucket name".
    public let name: String
    /// Anchored regular expression.
    public let pattern: String
    /// What is allowed, in words.
    public let allowed: String

    public init(name: String, pattern: String, allowed: String) {
        self.name = name
        self.pattern = pattern
        self.allowed = allowed
    }

    /// Whether `value` matches the whole pattern.
    public func matches(_ value: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
        let range = NSRange(value.startIndex..., in: value)
        return expression.firstMatch(in: value, range: range) != nil
    }
}
