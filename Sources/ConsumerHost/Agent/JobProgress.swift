import NIOConcurrencyHelpers

/// What one job has seen of the enclave so far, shared between the tasks that send and receive, for the
/// job's log lines.
final class JobProgress: Sendable {
    struct Counts: Sendable {
        var sentBytes: Int64 = 0
        var resultBytes: Int64 = 0
        var heartbeats = 0
    }

    private let box = NIOLockedValueBox(Counts())

    func sent(_ bytes: Int) { box.withLockedValue { $0.sentBytes += Int64(bytes) } }
    func received(_ bytes: Int) { box.withLockedValue { $0.resultBytes += Int64(bytes) } }
    func heartbeat() { box.withLockedValue { $0.heartbeats += 1 } }

    var counts: Counts { box.withLockedValue { $0 } }
}
