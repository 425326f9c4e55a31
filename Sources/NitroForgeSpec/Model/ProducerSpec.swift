/// The producer: the HTTPS service that authenticates clients and encrypts their jobs.
public struct ProducerSpec: Sendable, Hashable, Codable {
    public enum Placement: String, Sendable, Hashable, Codable { case ec2, external }

    public var runsOn: Placement
    public var port: Int
    public var maxPayloadMiB: Int
    public var auth: ProducerAuth
    /// The load balancer; set exactly when `runsOn` is `ec2`.
    public var ingress: IngressSpec?

    public init(runsOn: Placement, port: Int, maxPayloadMiB: Int, auth: ProducerAuth, ingress: IngressSpec? = nil) {
        self.runsOn = runsOn
        self.port = port
        self.maxPayloadMiB = maxPayloadMiB
        self.auth = auth
        self.ingress = ingress
    }

    /// `maxPayloadMiB` in bytes.
    public var maxPayloadBytes: Int64 { Int64(maxPayloadMiB) * 1024 * 1024 }
}

/// How clients authenticate to the producer.
public enum ProducerAuth: Sendable, Hashable, Codable {
    case oidc(OIDCAuth)
    case apiKeys([APIKeyHash])
}

/// OIDC bearer-token settings.
public struct OIDCAuth: Sendable, Hashable, Codable {
    public var issuer: String
    public var audience: String
    /// Explicit JWKS URL; nil means discovery from the issuer.
    public var jwksUrl: String?
    public var requiredScope: String?

    public init(issuer: String, audience: String, jwksUrl: String? = nil, requiredScope: String? = nil) {
        self.issuer = issuer
        self.audience = audience
        self.jwksUrl = jwksUrl
        self.requiredScope = requiredScope
    }
}

/// An API key, kept only as its SHA-256 (lower-case hex).
public struct APIKeyHash: Sendable, Hashable, Codable {
    public var name: String
    public var sha256: String

    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// The producer's load balancer.
public struct IngressSpec: Sendable, Hashable, Codable {
    public enum Scheme: String, Sendable, Hashable, Codable {
        case `internal`
        case `public`
    }

    public var scheme: Scheme
    public var certificateArn: String
    /// Requests per 5 minutes per IP before the WAF blocks; nil: no WAF.
    public var wafRateLimit: Int?

    public init(scheme: Scheme, certificateArn: String, wafRateLimit: Int? = nil) {
        self.scheme = scheme
        self.certificateArn = certificateArn
        self.wafRateLimit = wafRateLimit
    }
}
