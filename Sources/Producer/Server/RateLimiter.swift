import Foundation
import NIOConcurrencyHelpers

/// Requests per minute per principal, as a token bucket each (the brief's answer to model extraction: no
/// caller can query the model faster than its budget). Buckets of idle principals are dropped.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let perMinute: Int
    private let clock = ContinuousClock()
    private let buckets = NIOLockedValueBox([String: Bucket]())

    init(requestsPerMinute: Int) {
        self.perMinute = requestsPerMinute
    }

    /// nil when the request may go ahead; otherwise the seconds until the principal has a token again.
    func admit(_ principal: String) -> Int? {
        let now = clock.now
        let capacity = Double(perMinute)
        let perSecond = capacity / 60
        return buckets.withLockedValue { buckets in
            if buckets.count > 10_000 {
                // A full minute idle means a full bucket: forgetting it changes nothing.
                buckets = buckets.filter { now - $0.value.updated < .seconds(60) }
            }
            var bucket = buckets[principal] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            defer { buckets[principal] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}

/// At most `limit` submissions at once: beyond that a request is refused at once (503, retry shortly)
/// rather than queued, so memory stays bounded by the limit times one upload's buffers.
final class ConcurrencyGate: Sendable {
    private let limit: Int
    private let inFlight = NIOLockedValueBox(0)

    init(limit: Int) {
        self.limit = limit
    }

    func enter() -> Bool {
        inFlight.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        inFlight.withLockedValue { $0 -= 1 }
    }
}
