/// Where a `LogShipper` sends and how much it holds.
public struct LogShipperConfiguration: Sendable {
    public var group: String
    public var stream: String
    /// Events held while CloudWatch Logs is slow or unreachable; when full, the oldest is dropped (and counted)
    /// so the newest lines, the ones about the current failure, survive.
    public var bufferCapacity: Int
    /// How often buffered events are sent when no batch has filled up.
    public var flushInterval: Duration
    /// PutLogEvents limits: 10,000 events and 1,048,576 bytes (messages in UTF-8 plus 26 bytes per event).
    public var maxBatchEvents: Int
    public var maxBatchBytes: Int

    public init(group: String, stream: String, bufferCapacity: Int = 10_000, flushInterval: Duration = .seconds(5),
                maxBatchEvents: Int = 10_000, maxBatchBytes: Int = 1_048_576) {
        self.group = group
        self.stream = stream
        self.bufferCapacity = max(1, bufferCapacity)
        self.flushInterval = flushInterval
        self.maxBatchEvents = min(max(1, maxBatchEvents), 10_000)
        self.maxBatchBytes = min(max(LogShipper.maxEventBytes, maxBatchBytes), 1_048_576)
    }
}

/// What a shipper has done so far.
public struct LogShipperStatistics: Sendable, Equatable {
    /// Lines handed to `enqueue`.
    public var enqueued = 0
    /// Lines dropped because the buffer was full (the oldest first).
    public var dropped = 0
    /// Lines CloudWatch Logs accepted.
    public var sent = 0
    /// Lines sent but refused by CloudWatch Logs for their age (too old, expired or too far in the future).
    public var rejected = 0
    /// Lines cut to the 256 KiB event limit.
    public var truncated = 0
    /// PutLogEvents or CreateLogStream calls that failed after the retry strategy gave up.
    public var failedCalls = 0
    /// Lines waiting in the buffer.
    public var buffered = 0
}
