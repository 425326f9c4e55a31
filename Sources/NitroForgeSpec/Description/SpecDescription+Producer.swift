extension SpecDescription {
    static let producer = ObjectShape([
        FieldDescription("runsOn", .choice(["ec2", "external"]), default: .string("ec2"),
                         "`ec2`: on the deployment's instances behind a load balancer. "
                            + "`external`: you run nitroforge-producer elsewhere; only its role and keys are generated."),
        FieldDescription("port", .integer(minimum: 1, maximum: 65535), default: .integer(8443),
                         "Port the producer listens on."),
        FieldDescription("tls", producerTLS, default: .string("self-signed"),
                         "How the producer itself serves TLS. `self-signed`: a certificate made at start, its fingerprint "
                            + "logged (the load balancer accepts it). `none`: plain HTTP, only with runsOn external and TLS "
                            + "ended in front of it on the same machine. A mapping: PEM files already on the producer's machine "
                            + "(the generated instances do not install them), reloaded on SIGHUP."),
        FieldDescription("maxPayloadMiB", .integer(minimum: 1, maximum: 5_242_880), default: .integer(1024),
                         "Largest job accepted, in MiB; larger requests get 413 and nothing is stored."),
        .section("limits", producerLimits, "Per-principal and per-process limits of the producer."),
        .section("auth", required: true, auth, "How clients authenticate: exactly one of `oidc` or `apiKeys`."),
        FieldDescription("ingress", .object(ingress), "The load balancer in front of the producer (runsOn ec2)."),
    ], conditions: [
        FieldCondition(when: "runsOn", equals: "ec2", require: ["ingress"]),
        FieldCondition(when: "runsOn", equals: "external", forbid: ["ingress"]),
    ])

    /// Also the producer configuration's `listen.tls`, so the producer accepts exactly what the spec does.
    public static let producerTLS = FieldKind.choiceOrObject(["none", "self-signed"], tlsFiles)

    static let tlsFiles = ObjectShape([
        FieldDescription("certificateFile", .string(Formats.nonEmpty), required: true,
                         "PEM certificate chain on the producer's machine; a relative path is relative to the folder of "
                            + "producer.yaml (/etc/nitroforge)."),
        FieldDescription("privateKeyFile", .string(Formats.nonEmpty), required: true,
                         "PEM private key on the producer's machine; a relative path is relative to the folder of producer.yaml."),
    ])

    /// Also the producer configuration's `limits`: the same fields, ranges and defaults.
    public static let producerLimits = ObjectShape([
        FieldDescription("requestsPerMinutePerPrincipal", .integer(minimum: 1, maximum: 1_000_000),
                         default: .integer(ProducerLimitsSpec.defaultRequestsPerMinutePerPrincipal),
                         "Requests one principal may make per minute (429 beyond)."),
        FieldDescription("maxConcurrentRequests", .integer(minimum: 1, maximum: 100_000),
                         default: .integer(ProducerLimitsSpec.defaultMaxConcurrentRequests),
                         "Requests one producer process serves at once (503 beyond)."),
        FieldDescription("requestTimeoutSeconds", .integer(minimum: 1, maximum: 86_400),
                         default: .integer(ProducerLimitsSpec.defaultRequestTimeoutSeconds),
                         "Longest a request may take, upload included."),
    ])

    /// Also the producer configuration's `auth`, so the producer accepts exactly what the spec does.
    public static let auth = ObjectShape([
        FieldDescription("oidc", .object(oidc), "Bearer tokens (JWT) from an OpenID Connect issuer."),
        FieldDescription("apiKeys", .list(.object(apiKey), minItems: 1, unique: true),
                         "API keys, stored only as SHA-256 hashes."),
    ], exactlyOneOf: [["oidc", "apiKeys"]])

    static let oidc = ObjectShape([
        FieldDescription("issuer", .string(Formats.issuerURL), required: true, "The issuer (`iss` claim) URL."),
        FieldDescription("audience", .string(Formats.nonEmpty), required: true, "The required `aud` claim."),
        FieldDescription("jwksUrl", .string(Formats.issuerURL),
                         computedDefault: "from the issuer's /.well-known/openid-configuration",
                         "Where the issuer's signing keys are."),
        FieldDescription("requiredScope", .string(Formats.nonEmpty), "A scope every token must carry, if any."),
    ])

    static let apiKey = ObjectShape([
        FieldDescription("name", .string(Formats.apiKeyName), required: true, "Who holds the key (shown in logs)."),
        FieldDescription("sha256", .string(Formats.sha256Hex), required: true,
                         "SHA-256 of the key, hex (`printf %s KEY | sha256sum`)."),
    ])

    static let ingress = ObjectShape([
        FieldDescription("scheme", .choice(["internal", "public"]), default: .string("internal"),
                         "`internal` load balancer (reachable from the VPC) or `public` (internet-facing)."),
        FieldDescription("certificateArn", .string(Formats.certificateArn), required: true,
                         "ACM certificate of the HTTPS listener, in the spec's region."),
        FieldDescription("wafRateLimit", .integer(minimum: 100, maximum: 2_000_000_000),
                         "Requests per 5 minutes from one IP address before a WAF blocks it; no WAF when absent."),
    ])
}
