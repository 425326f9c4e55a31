/// The producer: the HTTPS service that authenticates clients and encrypts their jobs.
public struct ProducerSpec: Sendable, Hashable, Codable {
    public enum Placement: String, Sendable, Hashable, Codable { case ec2, external }

    public var runsOn: Placement
    public var port: Int
    /// How the producer itself serves TLS (behind the load balancer, or to clients when it runs elsewhere).
    public var tls: ProducerTLSSpec
    public var maxPayloadMiB: Int
    public var limits: ProducerLimitsSpec
    public var auth: ProducerAuth
    /// The load balancer; set exactly when `runsOn` is `ec2`.
    public var ingress: IngressSpec?

    public init(runsOn: Placement, port: Int, tls: ProducerTLSSpec = .selfSigned, maxPayloadMiB: Int,
                limits: ProducerLimitsSpec = ProducerLimitsSpec(), auth: ProducerAuth, ingress: IngressSpec? = nil) {
        self.runsOn = runsOn
        self.port = port
        self.tls = tls
        self.maxPayloadMiB = maxPayloadMiB
        self.limits = limits
        self.auth = auth
        self.ingress = ingress
    }

    /// `maxPayloadMiB` in bytes.
    public var maxPayloadBytes: Int64 { Int64(maxPayloadMiB) * 1024 * 1024 }
}

/// How the producer serves TLS; the producer configuration's `listen.tls` takes the same values.
public enum ProducerTLSSpec: Sendable, Hashable, Codable {
    /// Plain HTTP: only where TLS ends in front of the producer on its own machine.
    case none
    /// A key and certificate made at start (the load balancer does not check the certificate of its targets).
    case selfSigned
    /// PEM files on the producer's machine, as written in the spec (relative to the configuration's folder).
    case files(certificateFile: String, privateKeyFile: String)
}

/// The producer's own limits; the producer configuration's `limits` has the same fields and defaults.
public struct ProducerLimitsSpec: Sendable, Hashable, Codable {
    public static let defaultRequestsPerMinutePerPrincipal = 600
    public static let defaultMaxConcurrentRequests = 64
    public static let defaultRequestTimeoutSeconds = 3600

    /// Requests one principal may make per minute; more get 429.
    public var requestsPerMinutePerPrincipal: Int
    /// Requests served at once by one producer process; more get 503.
    public var maxConcurrentRequests: Int
    /// Longest a request may take, upload included.
    public var requestTimeoutSeconds: Int

    public init(requestsPerMinutePerPrincipal: Int = ProducerLimitsSpec.defaultRequestsPerMinutePerPrincipal,
                maxConcurrentRequests: Int = ProducerLimitsSpec.defaultMaxConcurrentRequests,
                requestTimeoutSeconds: Int = ProducerLimitsSpec.defaultRequestTimeoutSeconds) {
        self.requestsPerMinutePerPrincipal = requestsPerMinutePerPrincipal
        self.maxConcurrentRequests = maxConcurrentRequests
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }
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
