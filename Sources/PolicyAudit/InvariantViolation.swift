/// One broken invariant, with the key and a request class that shows it.
public struct InvariantViolation: Sendable, Codable, Hashable, CustomStringConvertible {
    public let invariant: Invariant
    public let key: KeyRole
    public let detail: String

    public var description: String { "\(invariant.rawValue) (\(key.fileName)): \(detail)" }
}
