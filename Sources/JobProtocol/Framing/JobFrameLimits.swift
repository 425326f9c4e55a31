/// The largest payload each frame type may carry. The decoder checks the length field against these before
/// it waits for the payload, so memory per connection is bounded by the largest limit.
public struct JobFrameLimits: Sendable, Equatable {
    /// `request`: ids, credentials and a context, far below this.
    public var request: Int = 64 << 10
    /// `data`: one chunk of ciphertext.
    public var data: Int = 1 << 20
    /// `failure`: a code and a message.
    public var failure: Int = 4 << 10
    /// `log`: one JSON record.
    public var log: Int = 16 << 10
    /// Pairs in `request.expectedContext`.
    public var contextPairs: Int = 64

    public init() {}

    public static let `default` = JobFrameLimits()

    func payloadLimit(_ kind: JobFrame.Kind) -> Int {
        switch kind {
        case .request: return request
        case .data: return data
        case .failure: return failure
        case .log: return log
        case .end, .heartbeat: return 0
        }
    }
}
