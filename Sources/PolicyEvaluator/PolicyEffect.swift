/// A statement's `Effect`.
public enum PolicyEffect: String, Sendable, Hashable, Codable {
    case allow = "Allow"
    case deny = "Deny"
}
