/// The jobs queue and its dead-letter queue.
public struct QueueSpec: Sendable, Hashable, Codable {
    /// The jobs queue's name; the dead-letter queue is `name + "-dlq"`.
    public var name: String
    /// Always at least `enclave.jobTimeoutSeconds`.
    public var visibilityTimeoutSeconds: Int
    public var maxReceiveCount: Int
    public var retentionDays: Int

    public init(name: String, visibilityTimeoutSeconds: Int, maxReceiveCount: Int, retentionDays: Int) {
        self.name = name
        self.visibilityTimeoutSeconds = visibilityTimeoutSeconds
        self.maxReceiveCount = maxReceiveCount
        self.retentionDays = retentionDays
    }

    public var deadLetterQueueName: String { name + "-dlq" }
    public var retentionSeconds: Int { retentionDays * 86400 }
}
