import NitroForgeSpec

/// String formats of `producer.yaml` that the spec does not have.
public enum ProducerFormats {
    static let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    static let keyID = "(\(uuid)|mrk-[0-9a-f]{32})"
    static let kmsARN = "arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}"

    public static let listenHost = StringFormat(
        name: "listen address", pattern: "^([A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$",
        allowed: "an IPv4 or IPv6 address or a host name, e.g. 0.0.0.0, 127.0.0.1 or ::")
    public static let kmsKey = StringFormat(
        name: "KMS key", pattern: "^(alias/[A-Za-z0-9/_-]{1,250}|\(keyID)|\(kmsARN):(key/\(keyID)|alias/[A-Za-z0-9/_-]{1,250}))$",
        allowed: "alias/NAME, a key id, or a key or alias ARN")
    public static let kmsKeyArn = StringFormat(
        name: "KMS key ARN", pattern: "^\(kmsARN):key/\(keyID)$", allowed: "arn:aws:kms:REGION:ACCOUNT:key/KEY-ID")
    public static let keyPrefix = StringFormat(
        name: "S3 key prefix", pattern: "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$",
        allowed: "path segments of A-Z a-z 0-9 _ . - ending with '/', not starting with '/'")
    public static let queueURL = StringFormat(
        name: "SQS queue URL", pattern: "^https?://[^\\s/?#]+/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$",
        allowed: "https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (http:// for a local endpoint)")
    public static let logGroup = StringFormat(
        name: "log group name", pattern: "^[A-Za-z0-9_./#-]{1,512}$", allowed: "1-512 characters of A-Z a-z 0-9 _ . / # -")
}
