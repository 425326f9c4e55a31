/// A checkov check that does not apply, skipped inline in the resource it concerns with the reason
/// (`#checkov:skip=ID:reason`). SECURITY.md lists every skip found in the rendered output.
public struct CheckovSkip: Sendable, Equatable {
    public var id: String
    public var reason: String

    static let replication = CheckovSkip(
        id: "CKV_AWS_144",
        reason: "Cross-region replication would copy the data to a second region; the deployment keeps its data in one region by design"
    )
    static let eventNotifications = CheckovSkip(
        id: "CKV2_AWS_62",
        reason: "Nothing consumes S3 events: jobs are announced by the producer's SQS message once the object is complete"
    )
    static let logBucketEncryption = CheckovSkip(
        id: "CKV_AWS_145",
        reason: "S3 server access logs and load balancer access logs cannot be delivered to a bucket encrypted with SSE-KMS, so this bucket uses SSE-S3"
    )
    static let logBucketLogging = CheckovSkip(
        id: "CKV_AWS_18",
        reason: "This is the access-log bucket; logging it into itself would log its own log deliveries"
    )
    static let jobsBucketLoggingOff = CheckovSkip(
        id: "CKV_AWS_18",
        reason: "The spec turns access logging off (storage.accessLogging: false); CloudTrail data events still record every object read and write"
    )
    static let noWAF = CheckovSkip(
        id: "CKV2_AWS_28",
        reason: "The spec sets no WAF rate limit; the producer authenticates every request and bounds its payload size"
    )
    static let trailTopic = CheckovSkip(
        id: "CKV_AWS_252",
        reason: "Per-file delivery notifications add no security signal; the metric filter and alarm on key changes watch the events themselves"
    )

    var context: [String: Any] { ["id": id, "reason": reason] }
}
