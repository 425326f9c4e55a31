/// Whether and where the host stores the enclave's encrypted results.
public struct ResultsSpec: Sendable, Hashable, Codable {
    public var store: Bool
    /// Ends with `/`; results are `<prefix><jobId>.esdk`.
    public var prefix: String

    public init(store: Bool, prefix: String) {
        self.store = store
        self.prefix = prefix
    }
}
