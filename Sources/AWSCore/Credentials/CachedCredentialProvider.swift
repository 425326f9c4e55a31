import Foundation

/// Caches another provider's credentials and refreshes them `refreshBefore` ahead of their expiry.
/// Concurrent callers share one refresh: the first starts it, the others await the same task.
public actor CachedCredentialProvider: CredentialProvider {
    let base: any CredentialProvider
    let refreshBefore: TimeInterval
    let clock: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials, Error>?
    /// How many times the base provider was asked (tests check that concurrency does not multiply it).
    public private(set) var refreshCount = 0

    public init(_ base: any CredentialProvider, refreshBefore: TimeInterval = 5 * 60, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.refreshBefore = refreshBefore
        self.clock = clock
    }

    public func credentials() async throws -> AWSCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        if let refresh { return try await refresh.value }
        let task = Task { [base] in try await base.credentials() }
        refresh = task
        refreshCount += 1
        defer { refresh = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(clock()) < refreshBefore
    }
}
