import NitroForgeSpec

/// What `nitroforge-producer` reads from `/etc/nitroforge/producer.yaml` (generated as `host/producer.yaml`).
/// AWS endpoints and credentials are not here: they come from the environment, through the clients'
/// `fromEnvironment`, so `AWS_ENDPOINT_URL` points a producer at moto.
public struct ProducerConfiguration: Sendable, Equatable {
    /// The deployment's name: the `nitroforge:app` encryption context.
    public var app: String
    /// The file's region, unless `AWS_REGION` overrides it.
    public var region: String
    public var listen: Listen
    public var maxPayloadBytes: Int
    public var auth: Auth
    public var encryption: Encryption
    public var storage: Storage
    public var queue: Queue
    public var limits: Limits
    /// nil: JSON lines go to standard output only.
    public var logs: Logs?

    public init(app: String, region: String, listen: Listen, maxPayloadBytes: Int, auth: Auth, encryption: Encryption,
                storage: Storage, queue: Queue, limits: Limits = Limits(), logs: Logs? = nil) {
        self.app = app
        self.region = region
        self.listen = listen
        self.maxPayloadBytes = maxPayloadBytes
        self.auth = auth
        self.encryption = encryption
        self.storage = storage
        self.queue = queue
        self.limits = limits
        self.logs = logs
    }

    public struct Listen: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var tls: TLS

        public init(host: String = "0.0.0.0", port: Int, tls: TLS) {
            self.host = host
            self.port = port
            self.tls = tls
        }
    }

    public enum TLS: Sendable, Equatable {
        /// Plain HTTP (development, or TLS ended in front on the same host).
        case none
        /// A key and certificate made at start; the certificate's SHA-256 fingerprint is logged.
        case selfSigned
        /// PEM files, reloaded on SIGHUP; relative paths are resolved against the configuration file's folder.
        case files(certificateFile: String, privateKeyFile: String)
    }

    public enum Auth: Sendable, Equatable {
        case oidc(OIDC)
        case apiKeys([APIKey])
    }

    public struct OIDC: Sendable, Equatable {
        public var issuer: String
        public var audience: String
        /// nil: found through the issuer's discovery document.
        public var jwksURL: String?
        public var requiredScope: String?

        public init(issuer: String, audience: String, jwksURL: String? = nil, requiredScope: String? = nil) {
            self.issuer = issuer
            self.audience = audience
            self.jwksURL = jwksURL
            self.requiredScope = requiredScope
        }
    }

    /// An API key by name and the SHA-256 of the key (lower-case hex), never the key itself.
    public struct APIKey: Sendable, Equatable {
        public var name: String
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    public struct Encryption: Sendable, Equatable {
        /// The data key: an alias (`alias/...`), key id or ARN.
        public var dataKey: String
        public var algorithm: Algorithm
        public var frameBytes: Int

        public init(dataKey: String, algorithm: Algorithm = .commitKey, frameBytes: Int = 1_048_576) {
            self.dataKey = dataKey
            self.algorithm = algorithm
            self.frameBytes = frameBytes
        }
    }

    /// The ESDK suites the producer writes, spelled as the ESDK names them (both commit to their key).
    public enum Algorithm: String, Sendable, Equatable, CaseIterable {
        case commitKey = "AES_256_GCM_HKDF_SHA512_COMMIT_KEY"
        case commitKeyECDSAP384 = "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"
    }

    public struct Storage: Sendable, Equatable {
        public var bucket: String
        /// Jobs are stored at `<jobsPrefix><jobId>.esdk`.
        public var jobsPrefix: String
        /// SSE-KMS key for what the producer stores.
        public var storageKeyArn: String

        public init(bucket: String, jobsPrefix: String = "jobs/", storageKeyArn: String) {
            self.bucket = bucket
            self.jobsPrefix = jobsPrefix
            self.storageKeyArn = storageKeyArn
        }
    }

    public struct Queue: Sendable, Equatable {
        public var url: String

        public init(url: String) {
            self.url = url
        }
    }

    public struct Limits: Sendable, Equatable {
        public var requestsPerMinutePerPrincipal: Int
        public var maxConcurrentRequests: Int
        public var requestTimeoutSeconds: Int

        // The spec's defaults: the generator writes the spec's limits, and a file without them means the same.
        public static let defaultRequestsPerMinutePerPrincipal = ProducerLimitsSpec.defaultRequestsPerMinutePerPrincipal
        public static let defaultMaxConcurrentRequests = ProducerLimitsSpec.defaultMaxConcurrentRequests
        public static let defaultRequestTimeoutSeconds = ProducerLimitsSpec.defaultRequestTimeoutSeconds

        public init(requestsPerMinutePerPrincipal: Int = Limits.defaultRequestsPerMinutePerPrincipal,
                    maxConcurrentRequests: Int = Limits.defaultMaxConcurrentRequests,
                    requestTimeoutSeconds: Int = Limits.defaultRequestTimeoutSeconds) {
            self.requestsPerMinutePerPrincipal = requestsPerMinutePerPrincipal
            self.maxConcurrentRequests = maxConcurrentRequests
            self.requestTimeoutSeconds = requestTimeoutSeconds
        }
    }

    public struct Logs: Sendable, Equatable {
        public var logGroup: String

        public init(logGroup: String) {
            self.logGroup = logGroup
        }
    }
}
