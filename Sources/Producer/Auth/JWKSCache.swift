/// The issuer's keys, fetched on first use and trusted for `maximumAge`, after which they are fetched again
/// so that a key the issuer withdrew stops verifying. A token naming a key not held causes one refetch
/// (the issuer rotated its keys), but fetches are never closer than `minimumRefreshInterval`: tokens with
/// made-up `kid`s must not turn the producer into a load generator against the issuer. Requests that
/// arrive while a fetch is under way wait for that fetch instead of starting their own.
actor JWKSCache {
    private let source: JWKSSource
    private let minimumRefreshInterval: Duration
    private let maximumAge: Duration
    private let clock = ContinuousClock()

    private var current: (keys: IssuerKeys, fetchedAt: ContinuousClock.Instant)?
    private var lastAttempt: ContinuousClock.Instant?
    /// Answered again, without fetching, until `minimumRefreshInterval` has passed since the failed attempt.
    private var lastFailure: AuthenticationError?
    private var inFlight: Task<Result<IssuerKeys, AuthenticationError>, Never>?

    init(source: JWKSSource, minimumRefreshInterval: Duration, maximumAge: Duration) {
        self.source = source
        self.minimumRefreshInterval = minimumRefreshInterval
        self.maximumAge = maximumAge
    }

    /// The key named `kid`; nil when the issuer's key set, refetched if allowed, does not hold it.
    /// - Throws: `unavailable` when the keys could not be fetched.
    func key(for kid: String) async throws(AuthenticationError) -> IssuerKeys.Key? {
        let now = clock.now
        if let current, now < current.fetchedAt + maximumAge, let key = current.keys[kid] {
            return key
        }
        if let inFlight {
            return try await inFlight.value.get()[kid]
        }
        if let lastAttempt, now < lastAttempt + minimumRefreshInterval {
            if let lastFailure { throw lastFailure }
            return current?.keys[kid]
        }
        return try await refresh()[kid]
    }

    private func refresh() async throws(AuthenticationError) -> IssuerKeys {
        lastAttempt = clock.now
        let source = source
        let fetch = Task { () -> Result<IssuerKeys, AuthenticationError> in
            do throws(AuthenticationError) { return .success(try await source.fetch()) } catch { return .failure(error) }
        }
        inFlight = fetch
        let result = await fetch.value
        inFlight = nil
        switch result {
        case .success(let keys):
            current = (keys, clock.now)
            lastFailure = nil
            return keys
        case .failure(let error):
            lastFailure = error
            throw error
        }
    }
}
