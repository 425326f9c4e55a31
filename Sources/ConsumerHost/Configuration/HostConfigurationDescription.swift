import NitroForgeSpec

/// The description table of `host.yaml`, checked by the spec's own checker (`DescribedYAML`), so the host
/// reports mistakes as `nitroforge validate` does: `FILE:LINE:COLUMN: field: what; allowed`.
public enum HostConfigurationDescription {
    public static let root = ObjectShape([
        FieldDescription("app", .string(Formats.specName), required: true,
                         "The deployment's name; the `nitroforge:app` encryption context the enclave is told to expect."),
        FieldDescription("region", .string(Formats.region), required: true, "AWS region; `AWS_REGION` overrides it."),
        FieldDescription("queue", .object(queue), required: true, "The jobs queue."),
        FieldDescription("storage", .object(storage), required: true, "The jobs bucket: inputs in, results out."),
        FieldDescription("enclave", .object(enclave), required: true, "How to reach the enclave."),
        FieldDescription("logs", .object(logs), default: .object([:]), "CloudWatch Logs, besides standard output."),
        FieldDescription("metrics", .object(metrics), default: .object([:]), "CloudWatch metrics."),
        FieldDescription("model", .object(model),
                         "The encrypted model the enclave needs before any job; sent at start and again when the enclave lost it."),
    ])

    static let model = ObjectShape([
        FieldDescription("bucket", .string(Formats.bucketName), required: true, "Bucket of the encrypted model."),
        FieldDescription("key", .string(Formats.objectKey), required: true, "Object key of the encrypted model."),
    ])

    static let queue = ObjectShape([
        FieldDescription("url", .string(Formats.queueURL), required: true, "URL of the jobs queue."),
        FieldDescription("waitTimeSeconds", .integer(minimum: 0, maximum: 20), default: .integer(20), "Long-poll wait per receive."),
        FieldDescription("maxMessages", .integer(minimum: 1, maximum: 10), default: .integer(10),
                         "Messages per receive (never more than free job slots)."),
        FieldDescription("visibilityTimeoutSeconds", .integer(minimum: 1, maximum: 43200), required: true,
                         "How long a received job stays hidden; extended while the job runs."),
        FieldDescription("maxReceiveCount", .integer(minimum: 1, maximum: 1000),
                         "The queue's redrive count: a job failing on its last receive gets a `.failed` marker."),
    ])

    static let storage = ObjectShape([
        FieldDescription("bucket", .string(Formats.bucketName), required: true, "The jobs bucket."),
        FieldDescription("jobsPrefix", .string(Formats.keyPrefix), default: .string("jobs/"), "Inputs are `<jobsPrefix><jobId>.esdk`."),
        FieldDescription("resultsPrefix", .string(Formats.resultsPrefix), default: .string("results/"),
                         "Results are `<resultsPrefix><jobId>.esdk`."),
        FieldDescription("storeResults", .boolean, default: .bool(true), "Store results; false when the processor delivers them itself."),
        FieldDescription("deleteInputAfterResult", .boolean, default: .bool(false), "Delete the input once its result is stored."),
        FieldDescription("storageKeyArn", .string(Formats.kmsKeyArn), "SSE-KMS key of results; the bucket's default when absent."),
        FieldDescription("maxObjectBytes", .integer(minimum: 1, maximum: 5_497_558_138_880), required: true,
                         "Largest job (plaintext bytes) a message may announce."),
    ])

    static let enclave = ObjectShape([
        FieldDescription("cid", .integer(minimum: 3, maximum: 4_294_967_294), default: .integer(16), "The enclave's vsock CID."),
        FieldDescription("jobsPort", .integer(minimum: 1, maximum: 4_294_967_294), default: .integer(5005), "The enclave's jobs port."),
        FieldDescription("logsPort", .integer(minimum: 1, maximum: 4_294_967_294), default: .integer(5006),
                         "The host's port for the enclave's log records."),
        FieldDescription("jobTimeoutSeconds", .integer(minimum: 1, maximum: 43200), required: true, "Longest a job may take."),
        FieldDescription("maxConcurrentJobs", .integer(minimum: 1, maximum: 64),
                         default: .integer(HostConfiguration.Enclave.defaultMaxConcurrentJobs), "Jobs in flight at once."),
        FieldDescription("address", .string(HostFormats.enclaveAddress),
                         "Development: the enclave's jobs address instead of vsock:<cid>:<jobsPort>."),
        FieldDescription("logsAddress", .string(HostFormats.enclaveAddress),
                         "Development: where to listen for log records instead of vsock:4294967295:<logsPort>."),
    ])

    static let logs = ObjectShape([
        FieldDescription("hostLogGroup", .string(Formats.logGroup), "Log group of the host's lines."),
        FieldDescription("enclaveLogGroup", .string(Formats.logGroup), "Log group of the enclave's records."),
    ])

    static let metrics = ObjectShape([
        FieldDescription("namespace", .string(Formats.nonEmpty), default: .string("NitroForge"), "CloudWatch metrics namespace."),
    ])
}
