import NitroForgeSpec
import NitroFormats

/// The description table of `producer.yaml`, checked by the spec's own checker (`DescribedYAML`), so the
/// producer reports mistakes exactly as `nitroforge validate` does. `auth`, `listen.tls` and `limits` are the
/// spec's own shapes, so the generator never writes a value the producer refuses.
public enum ProducerConfigurationDescription {
    public static let root = ObjectShape([
        FieldDescription("app", .string(Formats.specName), required: true,
                         "The deployment's name; the `nitroforge:app` encryption context."),
        FieldDescription("region", .string(Formats.region), required: true, "AWS region; `AWS_REGION` overrides it."),
        FieldDescription("listen", .object(listen), required: true, "Where the producer listens."),
        FieldDescription("maxPayloadBytes", .integer(minimum: 1, maximum: 5_497_558_138_880), required: true,
                         "Largest job accepted, in bytes; larger bodies are refused while streaming (413)."),
        FieldDescription("auth", .object(SpecDescription.auth), required: true,
                         "How clients authenticate: exactly one of `oidc` or `apiKeys`."),
        FieldDescription("encryption", .object(encryption), required: true, "How jobs are encrypted."),
        FieldDescription("storage", .object(storage), required: true, "Where jobs are stored."),
        FieldDescription("queue", .object(queue), required: true, "Where job messages are sent."),
        FieldDescription("limits", .object(SpecDescription.producerLimits), default: .object([:]), "Per-principal and per-process limits."),
        FieldDescription("logs", .object(logs), "CloudWatch Logs, besides standard output; standard output only when absent."),
    ])

    static let listen = ObjectShape([
        FieldDescription("host", .string(ProducerFormats.listenHost), default: .string("0.0.0.0"), "Address to listen on."),
        FieldDescription("port", .integer(minimum: 1, maximum: 65535), required: true, "Port to listen on."),
        FieldDescription("tls", SpecDescription.producerTLS, required: true,
                         "`none`, `self-signed` (made at start, fingerprint logged) or PEM files (reloaded on SIGHUP)."),
    ])

    static let encryption = ObjectShape([
        FieldDescription("dataKey", .string(ProducerFormats.kmsKey), required: true, "The data key: alias, key id or ARN."),
        FieldDescription("algorithm", .choice(ProducerConfiguration.Algorithm.allCases.map(\.rawValue)),
                         default: .string(ProducerConfiguration.Algorithm.commitKey.rawValue), "ESDK algorithm suite."),
        FieldDescription("frameBytes", .integer(minimum: 4096, maximum: 67_108_864), default: .integer(1_048_576),
                         "ESDK frame length in bytes; memory per request is a few frames."),
    ])

    static let storage = ObjectShape([
        FieldDescription("bucket", .string(Formats.bucketName), required: true, "The jobs bucket."),
        FieldDescription("jobsPrefix", .string(Formats.keyPrefix), default: .string("jobs/"),
                         "Jobs are stored at `<jobsPrefix><jobId>.esdk`."),
        FieldDescription("storageKeyArn", .string(Formats.kmsKeyArn), required: true, "SSE-KMS key of the stored objects."),
    ])

    static let queue = ObjectShape([
        FieldDescription("url", .string(Formats.queueURL), required: true, "URL of the jobs queue."),
    ])

    static let logs = ObjectShape([
        FieldDescription("logGroup", .string(Formats.logGroup), required: true, "CloudWatch Logs group."),
    ])
}
