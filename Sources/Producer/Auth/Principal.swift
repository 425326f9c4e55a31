/// Who submitted a request, as it goes into the job message and the logs (never the token or key itself).
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    /// `apikey:<name>` for an API key, `<iss>#<sub>` for an OIDC token.
    public var id: String
    /// The token's `tenant` claim, when it has one: it becomes the `nitroforge:tenant` encryption context.
    public var tenant: String?

    public init(id: String, tenant: String? = nil) {
        self.id = id
        self.tenant = tenant
    }

    public var description: String { id }
}
