/// Names a statement in messages and decisions: its index in the policy and its `Sid` when it has one.
public struct StatementID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let index: Int
    public let sid: String?

    public init(index: Int, sid: String?) {
        self.index = index
        self.sid = sid
    }

    public var description: String { sid ?? "statement \(index)" }
}
