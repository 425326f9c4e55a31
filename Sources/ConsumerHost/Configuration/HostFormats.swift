import NitroForgeSpec

/// String formats of `host.yaml` that the spec does not have. The queue URL, key ARN, prefix and log group
/// patterns are those of `producer.yaml` (ProducerFormats), repeated because the host must not link the producer.
public enum HostFormats {
    static let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    static let keyID = "(\(uuid)|mrk-[0-9a-f]{32})"

    public static let queueURL = StringFormat(
        name: "SQS queue URL", pattern: "^https?://[^\\s/?#]+/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$",
        allowed: "https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (http:// for a local endpoint)")
    public static let kmsKeyArn = StringFormat(
        name: "KMS key ARN", pattern: "^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/\(keyID)$",
        allowed: "arn:aws:kms:REGION:ACCOUNT:key/KEY-ID")
    public static let keyPrefix = StringFormat(
        name: "S3 key prefix", pattern: "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$",
        allowed: "path segments of A-Z a-z 0-9 _ . - ending with '/', not starting with '/'")
    public static let logGroup = StringFormat(
        name: "log group name", pattern: "^[A-Za-z0-9_./#-]{1,512}$", allowed: "1-512 characters of A-Z a-z 0-9 _ . / # -")
    public static let enclaveAddress = StringFormat(
        name: "enclave address",
        pattern: "^(vsock:[0-9]{1,10}:[0-9]{1,10}|tcp:(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):[0-9]{1,5})$",
        allowed: "vsock:CID:PORT, or tcp:HOST:PORT for development (e.g. tcp:127.0.0.1:5005)")
}
