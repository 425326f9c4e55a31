import NitroForgeSpec

/// Everything the generator renders, decided once from the spec and the measurements: every artifact reads
/// its values from here, so a bucket name or a PCR lives in one place in memory and everywhere on disk.
public struct Deployment: Sendable, Equatable {
    public var name: String
    public var region: String
    /// The spec's account id; policies for review use `111122223333` without one.
    public var accountId: String?
    public var tags: [String: String]
    public var network: Network
    public var egress: Egress
    public var producer: Producer
    public var storage: Storage
    public var queue: Queue
    public var kms: KeyManagement
    public var enclave: Enclave
    public var scaling: Scaling
    public var results: Results
    public var monitoring: Monitoring
    /// PCRs read from the measurements file; nil when it does not exist yet.
    public var measurements: Measured?
    /// Where the spec came from, relative to the output, for the generated README.
    public var specPath: String

    public enum Network: Sendable, Equatable {
        case create(cidr: String, availabilityZones: Int)
        case existing(vpcId: String, privateSubnetIds: [String], publicSubnetIds: [String])
    }

    public enum Egress: String, Sendable, Equatable { case nat, endpointsOnly = "endpoints-only" }

    public struct Producer: Sendable, Equatable {
        public enum Auth: Sendable, Equatable {
            /// `jwksURL` nil: discovered from the issuer.
            case oidc(issuer: String, audience: String, jwksURL: String?, requiredScope: String?)
            /// API keys, kept only as SHA-256 hashes.
            case apiKeys([(name: String, sha256: String)])

            public static func == (lhs: Auth, rhs: Auth) -> Bool {
                switch (lhs, rhs) {
                case let (.oidc(a, b, c, d), .oidc(e, f, g, h)): return a == e && b == f && c == g && d == h
                case let (.apiKeys(a), .apiKeys(b)): return a.map(\.name) == b.map(\.name) && a.map(\.sha256) == b.map(\.sha256)
                default: return false
                }
            }
        }
        public enum Placement: String, Sendable, Equatable { case ec2, external }
        /// The producer's load balancer when it runs on EC2.
        public struct Ingress: Sendable, Equatable {
            public var isPublic: Bool
            public var certificateArn: String
            /// Requests per 5 minutes per client address; nil: no WAF.
            public var wafRateLimit: Int?
        }
        /// How the producer itself serves TLS, as `listen.tls` of its configuration says it.
        public enum TLS: Sendable, Equatable {
            case none
            case selfSigned
            /// PEM files on the producer's machine, paths as the spec writes them.
            case files(certificateFile: String, privateKeyFile: String)
        }
        /// The producer's own limits (its configuration's `limits`).
        public struct Limits: Sendable, Equatable {
            public var requestsPerMinutePerPrincipal: Int
            public var maxConcurrentRequests: Int
            public var requestTimeoutSeconds: Int
        }
        public var port: Int
        public var auth: Auth
        public var maxPayloadBytes: Int
        public var placement: Placement
        public var ingress: Ingress?
        public var instanceType: String
        public var tls: TLS = .selfSigned
        public var limits = Limits(
            requestsPerMinutePerPrincipal: ProducerLimitsSpec.defaultRequestsPerMinutePerPrincipal,
            maxConcurrentRequests: ProducerLimitsSpec.defaultMaxConcurrentRequests,
            requestTimeoutSeconds: ProducerLimitsSpec.defaultRequestTimeoutSeconds)
    }

    public struct Storage: Sendable, Equatable {
        public enum LockMode: String, Sendable, Equatable { case governance = "GOVERNANCE", compliance = "COMPLIANCE" }
        public var bucketName: String?
        public var objectLock: (mode: LockMode, days: Int)?
        public var lifecycleDays: Int
        public var accessLogging: Bool

        public static func == (lhs: Storage, rhs: Storage) -> Bool {
            lhs.bucketName == rhs.bucketName && lhs.objectLock?.mode == rhs.objectLock?.mode
                && lhs.objectLock?.days == rhs.objectLock?.days && lhs.lifecycleDays == rhs.lifecycleDays
                && lhs.accessLogging == rhs.accessLogging
        }
    }

    public struct Queue: Sendable, Equatable {
        public var name: String
        public var visibilityTimeoutSeconds: Int
        public var maxReceiveCount: Int
        public var retentionSeconds: Int
    }

    public struct KeyManagement: Sendable, Equatable {
        public var rotation: Bool
        public var deletionWindowDays: Int
        public var administratorArns: [String]
        public var resultReaderArns: [String]
        public var modelPublisherArn: String?
    }

    public struct Enclave: Sendable, Equatable {
        public static func == (lhs: Enclave, rhs: Enclave) -> Bool {
            lhs.instanceType == rhs.instanceType && lhs.cpuCount == rhs.cpuCount && lhs.memoryMiB == rhs.memoryMiB
                && lhs.debug == rhs.debug && lhs.image == rhs.image && lhs.processor == rhs.processor
                && lhs.modelArtifact?.bucket == rhs.modelArtifact?.bucket && lhs.modelArtifact?.key == rhs.modelArtifact?.key
                && lhs.measurementsPath == rhs.measurementsPath && lhs.extraPCR0 == rhs.extraPCR0
                && lhs.signingCertificatePath == rhs.signingCertificatePath && lhs.jobTimeoutSeconds == rhs.jobTimeoutSeconds
        }

        public enum Image: Sendable, Equatable {
            case dockerfile(path: String, context: String)
            case oci(reference: String)
        }
        /// What the enclave agent runs. Only what goes into the image: the spec's development settings
        /// (`devCommand`) have no place here, so no generated file can carry them.
        public enum Processor: Sendable, Equatable {
            /// A loopback server; the agent starts `command` (absolute program first) and supervises it.
            case http(url: String, command: [String]? = nil)
            case exec(argv: [String])
        }
        public var instanceType: String
        public var cpuCount: Int
        public var memoryMiB: Int
        public var debug: Bool
        public var image: Image
        public var processor: Processor
        /// The model artifact in S3, encrypted under the data key.
        public var modelArtifact: (bucket: String, key: String)?
        public var measurementsPath: String
        public var extraPCR0: [String]
        /// Present when the image is signed: the EIF signing certificate, whose hash is PCR8.
        public var signingCertificatePath: String?
        public var jobTimeoutSeconds: Int
    }

    public struct Scaling: Sendable, Equatable {
        public var min: Int
        public var max: Int
        public var targetBacklogPerInstance: Int
    }

    public struct Results: Sendable, Equatable {
        public var store: Bool
        public var prefix: String
        public var deleteInputAfterResult: Bool
    }

    public struct Monitoring: Sendable, Equatable {
        public var alarms: Bool
        public var cloudTrail: Bool
        /// An existing topic for alarms; nil: the deployment creates one.
        public var snsTopicArn: String?
        public var alarmEmail: String?
        public var logRetentionDays: Int
    }

    /// The measured PCRs of the enclave image, lower-case hex.
    public struct Measured: Sendable, Equatable {
        public var pcr0: String
        public var pcr1: String
        public var pcr2: String
        public var pcr8: String?
    }
}
