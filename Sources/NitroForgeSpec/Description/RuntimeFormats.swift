/// Formats of the runtimes' configuration files (`producer.yaml`, `host.yaml`) that the spec itself does not
/// use: defined once here, since both runtimes check their files with the spec's checker.
extension Formats {
    /// A KMS key id: a UUID, or a multi-Region key's `mrk-` id.
    public static let kmsKeyID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"
    /// `arn:PARTITION:kms:REGION:ACCOUNT`, the start of a key's or an alias's ARN.
    public static let kmsARNPrefix = "arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}"

    public static let queueURL = StringFormat(
        name: "SQS queue URL", pattern: "^https?://[^\\s/?#]+/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$",
        allowed: "https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (http:// for a local endpoint)")
    public static let kmsKeyArn = StringFormat(
        name: "KMS key ARN", pattern: "^\(kmsARNPrefix):key/\(kmsKeyID)$", allowed: "arn:aws:kms:REGION:ACCOUNT:key/KEY-ID")
    public static let keyPrefix = StringFormat(
        name: "S3 key prefix", pattern: "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$",
        allowed: "path segments of A-Z a-z 0-9 _ . - ending with '/', not starting with '/'")
    public static let logGroup = StringFormat(
        name: "log group name", pattern: "^[A-Za-z0-9_./#-]{1,512}$", allowed: "1-512 characters of A-Z a-z 0-9 _ . / # -")
}
