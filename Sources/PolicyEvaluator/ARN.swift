/// The six colon-separated components of an ARN; the resource part keeps any further colons.
struct ARN: Hashable, Sendable {
    let components: [Substring]

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        components = parts
    }

    var service: Substring { components[2] }
    var account: Substring { components[4] }
    var resource: Substring { components[5] }

    /// `ArnLike`/`ArnEquals`: each component matched on its own, case-sensitively, with `*` and `?`.
    static func like(pattern: String, value: String) -> Bool {
        guard let p = ARN(pattern), let v = ARN(value) else { return false }
        return zip(p.components, v.components).allSatisfy { WildcardPattern(String($0), caseInsensitive: false).matches(String($1)) }
    }
}
