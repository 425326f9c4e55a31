import JobProtocol

/// What `nitroforge-host` reads from `/etc/nitroforge/host.yaml` (generated as `host/host.yaml`). AWS
/// endpoints and credentials are not here: they come from the environment and the default credential chain
/// (IMDSv2 on EC2), so `AWS_ENDPOINT_URL` points a host at moto.
public struct HostConfiguration: Sendable, Equatable {
    /// The deployment's name: the `nitroforge:app` encryption context the enclave is told to expect.
    public var app: String
    /// The file's region, unless `AWS_REGION` overrides it.
    public var region: String
    public var queue: Queue
    public var storage: Storage
    public var enclave: Enclave
    public var logs: Logs
    public var metrics: Metrics
    /// The encrypted model the enclave needs before any job (the spec's `enclave.model`); nil when none.
    public var model: Model?

    public init(app: String, region: String, queue: Queue, storage: Storage, enclave: Enclave, logs: Logs = Logs(),
                metrics: Metrics = Metrics(), model: Model? = nil) {
        self.app = app
        self.region = region
        self.queue = queue
        self.storage = storage
        self.enclave = enclave
        self.logs = logs
        self.metrics = metrics
        self.model = model
    }

    /// Where the model publisher stored the model, encrypted under the data key: the host sends it to the
    /// enclave at start and whenever the enclave says it has none.
    public struct Model: Sendable, Equatable {
        public var bucket: String
        public var key: String

        public init(bucket: String, key: String) {
            self.bucket = bucket
            self.key = key
        }
    }

    public struct Queue: Sendable, Equatable {
        public var url: String
        /// Long-poll wait of each ReceiveMessage (SQS allows at most 20).
        public var waitTimeSeconds: Int
        /// Messages asked for per ReceiveMessage; never more than free job slots.
        public var maxMessages: Int
        /// How long a received message stays hidden; the agent extends it while a job runs.
        public var visibilityTimeoutSeconds: Int
        /// The queue's redrive `maxReceiveCount`: on the last attempt a failing job gets a `.failed` marker.
        public var maxReceiveCount: Int?

        public init(url: String, waitTimeSeconds: Int = 20, maxMessages: Int = 10, visibilityTimeoutSeconds: Int,
                    maxReceiveCount: Int? = nil) {
            self.url = url
            self.waitTimeSeconds = waitTimeSeconds
            self.maxMessages = maxMessages
            self.visibilityTimeoutSeconds = visibilityTimeoutSeconds
            self.maxReceiveCount = maxReceiveCount
        }
    }

    public struct Storage: Sendable, Equatable {
        public var bucket: String
        public var jobsPrefix: String
        public var resultsPrefix: String
        /// false when the processor delivers results itself: the enclave's answer is then read and dropped.
        public var storeResults: Bool
        public var deleteInputAfterResult: Bool
        /// SSE-KMS key of stored results and markers; the bucket's default when nil.
        public var storageKeyArn: String?
        /// The producer's plaintext limit; messages announcing more are refused.
        public var maxObjectBytes: Int

        public init(bucket: String, jobsPrefix: String = "jobs/", resultsPrefix: String = "results/", storeResults: Bool = true,
                    deleteInputAfterResult: Bool = false, storageKeyArn: String? = nil, maxObjectBytes: Int) {
            self.bucket = bucket
            self.jobsPrefix = jobsPrefix
            self.resultsPrefix = resultsPrefix
            self.storeResults = storeResults
            self.deleteInputAfterResult = deleteInputAfterResult
            self.storageKeyArn = storageKeyArn
            self.maxObjectBytes = maxObjectBytes
        }
    }

    public struct Enclave: Sendable, Equatable {
        public var cid: UInt32
        public var jobsPort: UInt32
        public var logsPort: UInt32
        public var jobTimeoutSeconds: Int
        /// Jobs streamed to the enclave at once.
        public var maxConcurrentJobs: Int
        /// Development: where to reach the enclave's jobs port instead of `vsock:<cid>:<jobsPort>`.
        public var address: EnclaveAddress?
        /// Development: where to listen for log records instead of `vsock:<any>:<logsPort>`.
        public var logsAddress: EnclaveAddress?

        /// One job at a time by default: the enclave has a few vCPUs and one processor, and a message received
        /// but waiting for a slot would only sit hidden from other hosts.
        public static let defaultMaxConcurrentJobs = 1
        /// `VMADDR_CID_ANY`: the host accepts the enclave's log connection on any of its CIDs.
        public static let anyCID: UInt32 = 4_294_967_295

        public init(cid: UInt32 = 16, jobsPort: UInt32 = 5005, logsPort: UInt32 = 5006, jobTimeoutSeconds: Int,
                    maxConcurrentJobs: Int = Enclave.defaultMaxConcurrentJobs, address: EnclaveAddress? = nil,
                    logsAddress: EnclaveAddress? = nil) {
            self.cid = cid
            self.jobsPort = jobsPort
            self.logsPort = logsPort
            self.jobTimeoutSeconds = jobTimeoutSeconds
            self.maxConcurrentJobs = maxConcurrentJobs
            self.address = address
            self.logsAddress = logsAddress
        }

        /// Where jobs are sent.
        public var jobsAddress: EnclaveAddress { address ?? .vsock(cid: cid, port: jobsPort) }
        /// Where the enclave's log records are accepted.
        public var logsListenAddress: EnclaveAddress { logsAddress ?? .vsock(cid: Self.anyCID, port: logsPort) }
    }

    public struct Logs: Sendable, Equatable {
        /// CloudWatch Logs group of the host's own lines; standard output only when nil.
        public var hostLogGroup: String?
        /// CloudWatch Logs group of the enclave's records; standard output only when nil.
        public var enclaveLogGroup: String?

        public init(hostLogGroup: String? = nil, enclaveLogGroup: String? = nil) {
            self.hostLogGroup = hostLogGroup
            self.enclaveLogGroup = enclaveLogGroup
        }
    }

    public struct Metrics: Sendable, Equatable {
        public var namespace: String

        public init(namespace: String = "NitroForge") {
            self.namespace = namespace
        }
    }
}
