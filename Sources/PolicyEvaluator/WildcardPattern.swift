/// IAM's wildcard matching: `*` matches any run of characters (also none), `?` exactly one.
/// Used for `Action`, `Resource`, `StringLike` and each ARN component of `ArnLike`.
struct WildcardPattern: Hashable, Sendable {
    let pattern: [Character]
    let caseInsensitive: Bool

    init(_ pattern: String, caseInsensitive: Bool) {
        self.pattern = Array(caseInsensitive ? pattern.lowercased() : pattern)
        self.caseInsensitive = caseInsensitive
    }

    var hasWildcards: Bool { pattern.contains("*") || pattern.contains("?") }

    /// Iterative glob match with single-star backtracking: linear in practice, no recursion.
    func matches(_ candidate: String) -> Bool {
        let text = Array(caseInsensitive ? candidate.lowercased() : candidate)
        var p = 0, t = 0
        var star: Int? = nil, starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; starText = t; p += 1
            } else if let s = star {
                p = s + 1; starText += 1; t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
