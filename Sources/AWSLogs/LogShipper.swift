import AWSCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Ships log lines to one CloudWatch Logs stream in batches, without ever making its callers wait.
///
/// `enqueue` is synchronous: it takes a lock, appends to a bounded ring buffer and returns; it cannot await
/// the network. `run()` is the only sender: every `flushInterval`, or as soon as a full batch is buffered, it
/// creates the stream (first use), then sends batches within PutLogEvents' limits, in enqueue order (and so in
/// timestamp order: timestamps never go backwards). Calls go through `AWSClient`'s standard retry mode; a call
/// that still fails puts its batch back at the front, where the buffer bound applies, and is tried again at
/// the next interval. When `run()` ends (`shutdown()` or cancellation) it sends what is buffered once more;
/// lines enqueued after that stay in the (bounded) buffer and are not sent.
public final class LogShipper: Sendable {
    /// Bytes PutLogEvents counts for each event on top of its message.
    public static let eventOverheadBytes = 26
    /// Largest event, overhead included.
    public static let maxEventBytes = 262_144
    static let truncationMarker = "…[truncated]"
    /// A batch may not span more than 24 hours.
    static let maxBatchSpanMilliseconds: Int64 = 86_400_000

    public let configuration: LogShipperConfiguration
    let client: CloudWatchLogsClient
    let clock: @Sendable () -> Date
    let state: NIOLockedValueBox<State>
    let wakeups: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation

    struct Pending {
        var event: CloudWatchLogEvent
        var bytes: Int
    }

    struct State {
        var buffer: CircularBuffer<Pending>
        var bufferedBytes = 0
        var lastTimestamp: Int64 = 0
        var wakeRequested = false
        var finished = false
        var flushWaiters: [CheckedContinuation<Void, Never>] = []
        var statistics = LogShipperStatistics()
    }

    public init(client: CloudWatchLogsClient, configuration: LogShipperConfiguration,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.configuration = configuration
        self.clock = clock
        state = NIOLockedValueBox(State(buffer: CircularBuffer(initialCapacity: min(configuration.bufferCapacity, 1024))))
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(8))
    }

    /// Buffers one line (one event); never blocks on the network. Lines over the event limit are cut.
    public func enqueue(_ line: String) {
        var message = line
        var truncated = false
        if message.utf8.count > Self.maxEventBytes - Self.eventOverheadBytes {
            message = Self.truncate(message, toBytes: Self.maxEventBytes - Self.eventOverheadBytes)
            truncated = true
        }
        let bytes = message.utf8.count + Self.eventOverheadBytes
        let now = Int64((clock().timeIntervalSince1970 * 1000).rounded(.down))
        let signal = state.withLockedValue { state -> Bool in
            state.statistics.enqueued += 1
            if truncated { state.statistics.truncated += 1 }
            state.lastTimestamp = max(state.lastTimestamp, now)
            state.buffer.append(Pending(event: CloudWatchLogEvent(timestamp: state.lastTimestamp, message: message), bytes: bytes))
            state.bufferedBytes += bytes
            Self.dropOverflow(&state, capacity: configuration.bufferCapacity)
            let batchFull = state.buffer.count >= configuration.maxBatchEvents || state.bufferedBytes >= configuration.maxBatchBytes
            guard batchFull, !state.wakeRequested else { return false }
            state.wakeRequested = true
            return true
        }
        if signal { wake.yield() }
    }

    public var statistics: LogShipperStatistics {
        state.withLockedValue { state in
            var statistics = state.statistics
            statistics.buffered = state.buffer.count
            return statistics
        }
    }

    /// Returns once everything enqueued before the call has been sent, or tried once and put back after a
    /// failure. Needs `run()`; after it has ended, returns at once.
    public func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = state.withLockedValue { state -> Bool in
                guard !state.finished else { return true }
                state.flushWaiters.append(continuation)
                return false
            }
            if finished { continuation.resume() } else { wake.yield() }
        }
    }

    /// Ends `run()` after it has sent what is buffered.
    public func shutdown() {
        wake.finish()
    }

    /// Sends until `shutdown()` or cancellation, then sends what is left once (even when cancelled).
    public func run() async {
        let interval = configuration.flushInterval
        let ticker = Task { [wake] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                wake.yield()
            }
        }
        var sender = Sender(shipper: self)
        for await _ in wakeups {
            // Wake-ups already buffered when the task was cancelled are left to the final send below.
            if Task.isCancelled { break }
            let waiters = state.withLockedValue { state in
                state.wakeRequested = false
                defer { state.flushWaiters = [] }
                return state.flushWaiters
            }
            await sender.sendBuffered()
            for waiter in waiters { waiter.resume() }
        }
        ticker.cancel()
        // Not a child of the (possibly cancelled) caller, so the last batch is not cancelled with it.
        let finalSender = sender
        await Task {
            var last = finalSender
            await last.sendBuffered()
        }.value
        let waiters = state.withLockedValue { state in
            state.finished = true
            defer { state.flushWaiters = [] }
            return state.flushWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Takes the next batch off the front of the buffer: PutLogEvents' count and byte limits, one 24-hour span.
    func takeBatch() -> [CloudWatchLogEvent] {
        state.withLockedValue { state in
            var batch: [CloudWatchLogEvent] = []
            var bytes = 0
            while let next = state.buffer.first, batch.count < configuration.maxBatchEvents,
                  bytes + next.bytes <= configuration.maxBatchBytes,
                  next.event.timestamp - (batch.first?.timestamp ?? next.event.timestamp) < Self.maxBatchSpanMilliseconds {
                state.buffer.removeFirst()
                state.bufferedBytes -= next.bytes
                bytes += next.bytes
                batch.append(next.event)
            }
            return batch
        }
    }

    /// Puts a batch that could not be sent back at the front; the buffer bound still applies.
    func putBack(_ batch: [CloudWatchLogEvent]) {
        state.withLockedValue { state in
            state.statistics.failedCalls += 1
            for event in batch.reversed() {
                let bytes = event.message.utf8.count + Self.eventOverheadBytes
                state.buffer.prepend(Pending(event: event, bytes: bytes))
                state.bufferedBytes += bytes
            }
            Self.dropOverflow(&state, capacity: configuration.bufferCapacity)
        }
    }

    func recordSent(_ count: Int, rejected: Int) {
        state.withLockedValue { state in
            state.statistics.sent += count - rejected
            state.statistics.rejected += rejected
        }
    }

    func recordFailedCall() {
        state.withLockedValue { $0.statistics.failedCalls += 1 }
    }

    private static func dropOverflow(_ state: inout State, capacity: Int) {
        while state.buffer.count > capacity {
            let dropped = state.buffer.removeFirst()
            state.bufferedBytes -= dropped.bytes
            state.statistics.dropped += 1
        }
    }

    /// The longest prefix of whole characters that fits in `limit` UTF-8 bytes with the marker appended.
    static func truncate(_ text: String, toBytes limit: Int) -> String {
        let room = limit - truncationMarker.utf8.count
        var used = 0
        var end = text.startIndex
        for character in text {
            let size = character.utf8.count
            guard used + size <= room else { break }
            used += size
            end = text.index(after: end)
        }
        return String(text[..<end]) + truncationMarker
    }
}
