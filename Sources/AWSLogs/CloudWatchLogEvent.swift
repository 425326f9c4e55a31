/// One log event: milliseconds since the Unix epoch and the message (a JSON line, for our runtimes).
public struct CloudWatchLogEvent: Sendable, Equatable {
    public var timestamp: Int64
    public var message: String

    public init(timestamp: Int64, message: String) {
        self.timestamp = timestamp
        self.message = message
    }
}

/// What `PutLogEvents` refused: indexes into the batch, as CloudWatch Logs reports them.
public struct PutLogEventsResult: Sendable, Equatable {
    public var tooNewStartIndex: Int?
    public var tooOldEndIndex: Int?
    public var expiredEndIndex: Int?

    public init(tooNewStartIndex: Int? = nil, tooOldEndIndex: Int? = nil, expiredEndIndex: Int? = nil) {
        self.tooNewStartIndex = tooNewStartIndex
        self.tooOldEndIndex = tooOldEndIndex
        self.expiredEndIndex = expiredEndIndex
    }

    public var allAccepted: Bool { tooNewStartIndex == nil && tooOldEndIndex == nil && expiredEndIndex == nil }

    /// How many of a batch of `count` events were refused: those up to the too-old and expired indexes,
    /// and those from the too-new index on.
    public func rejectedCount(of count: Int) -> Int {
        let old = max(tooOldEndIndex ?? -1, expiredEndIndex ?? -1) + 1
        let new = tooNewStartIndex.map { max(0, count - $0) } ?? 0
        return min(count, old + new)
    }
}

/// A page of `GetLogEvents`.
public struct LogEventsPage: Sendable {
    public var events: [CloudWatchLogEvent]
    /// The token for the next page; CloudWatch Logs returns the same token again at the end of the stream.
    public var nextForwardToken: String?
}

/// One event `FilterLogEvents` found, with the stream it is in.
public struct FilteredLogEvent: Sendable, Equatable {
    public var stream: String
    public var timestamp: Int64
    public var message: String
}
