import Foundation

/// The AWS SDKs' "standard" retry mode: up to `maxAttempts` tries, full-jitter exponential backoff
/// (`random(0, 1) × base × 2^attempt`, capped), and a retry quota so that a failing service is not
/// hammered by every caller at once.
public struct RetryConfiguration: Sendable {
    /// Total attempts including the first; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxBackoff: Duration

    public init(maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maxBackoff: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    /// `AWS_MAX_ATTEMPTS` from `environment`, else 3.
    public static func fromEnvironment(_ environment: [String: String]) -> RetryConfiguration {
        RetryConfiguration(maxAttempts: environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? 3)
    }

    /// The full-jitter delay before retry number `attempt` (1 for the first retry).
    func delay(beforeRetry attempt: Int) -> Duration {
        let ceiling = min(baseDelay * (1 << min(attempt - 1, 30)), maxBackoff)
        return ceiling * Double.random(in: 0..<1)
    }

    /// Throttling codes that the AWS SDKs retry (botocore `retries/standard.py`).
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Whether `error` is worth another attempt: throttling, 5xx and transient network failures; never other 4xx.
    static func isRetryable(_ error: AWSServiceError) -> Bool {
        if throttlingCodes.contains(error.code) || transientCodes.contains(error.code) { return true }
        guard let status = error.statusCode else { return error.code == AWSServiceError.networkErrorCode }
        return transientStatuses.contains(status) || status == 429
    }
}

/// The token bucket shared by all calls of one client (botocore's `RetryQuotaChecker`): a retry costs
/// 5 tokens (10 after a timeout), a success gives back what its retries took, or 1.
actor RetryQuota {
    static let capacity = 500
    static let retryCost = 5
    static let timeoutRetryCost = 10
    private(set) var available = RetryQuota.capacity

    /// Takes the cost of one retry; false when the quota is spent and the error should surface.
    func acquire(afterTimeout: Bool) -> Int? {
        let cost = afterTimeout ? Self.timeoutRetryCost : Self.retryCost
        guard available >= cost else { return nil }
        available -= cost
        return cost
    }

    func release(_ cost: Int?) {
        available = min(Self.capacity, available + (cost ?? 1))
    }
}

extension AWSServiceError {
    static let networkErrorCode = "NetworkError"
}
