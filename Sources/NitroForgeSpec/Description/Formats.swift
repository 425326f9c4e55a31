/// The string formats of the spec, each checked the same way by `validate` and by the JSON Schema.
public enum Formats {
    static let partition = "arn:aws(-cn|-us-gov)?"
    static let roleName = "[A-Za-z0-9+=,.@_-]{1,64}"

    public static let specName = StringFormat(
        name: "deployment name", pattern: "^[a-z][a-z0-9-]{1,30}[a-z0-9]$",
        allowed: "3-32 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-'")
    public static let region = StringFormat(
        name: "AWS region",
        pattern: "^(af|ap|ca|cn|eu|il|me|mx|sa|us)(-gov)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]$",
        allowed: "a region code such as us-east-1 or eu-central-1")
    public static let accountId = StringFormat(
        name: "AWS account id", pattern: "^[0-9]{12}$", allowed: "exactly 12 digits, quoted")
    public static let cidr = StringFormat(
        name: "IPv4 CIDR block",
        pattern: "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(1[6-9]|2[0-8])$",
        allowed: "a.b.c.d/n with n from 16 to 28, as a VPC allows")
    public static let vpcId = StringFormat(
        name: "VPC id", pattern: "^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", allowed: "vpc- and 8 or 17 hex digits")
    public static let subnetId = StringFormat(
        name: "subnet id", pattern: "^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", allowed: "subnet- and 8 or 17 hex digits")
    public static let certificateArn = StringFormat(
        name: "ACM certificate ARN",
        pattern: "^\(partition):acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        allowed: "arn:aws:acm:REGION:ACCOUNT:certificate/UUID")
    public static let principalArn = StringFormat(
        name: "IAM principal ARN",
        pattern: "^\(partition):(iam::[0-9]{12}:(root|user/([A-Za-z0-9+=,.@_-]+/)*\(roleName)|role/([A-Za-z0-9+=,.@_-]+/)*\(roleName))"
            + "|sts::[0-9]{12}:assumed-role/\(roleName)/[A-Za-z0-9+=,.@_-]{2,64})$",
        allowed: "arn:aws:iam::ACCOUNT:role/NAME, arn:aws:iam::ACCOUNT:user/NAME or "
            + "arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION, with IAM names of 1-64 characters of A-Z a-z 0-9 +=,.@_-")
    public static let snsTopicArn = StringFormat(
        name: "SNS topic ARN", pattern: "^\(partition):sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$",
        allowed: "arn:aws:sns:REGION:ACCOUNT:TOPIC")
    public static let email = StringFormat(
        name: "e-mail address", pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", allowed: "name@example.com")
    public static let httpsURL = StringFormat(
        name: "HTTPS URL", pattern: "^https://[^\\s/?#]+(/[^\\s?#]*)?$", allowed: "https://host/path, no query")
    /// An identity provider's URL: HTTPS, or plain HTTP on loopback for an issuer on the same machine (development).
    public static let issuerURL = StringFormat(
        name: "issuer URL", pattern: "^(https://[^\\s/?#]+|http://(127\\.0\\.0\\.1|localhost)(:[0-9]{1,5})?)(/[^\\s?#]*)?$",
        allowed: "https://host/path, no query (or http://127.0.0.1:PORT/path for an issuer on the same machine)")
    public static let loopbackURL = StringFormat(
        name: "loopback HTTP URL", pattern: "^http://(127\\.0\\.0\\.1|localhost)(:[0-9]{1,5})?(/\\S*)?$",
        allowed: "http://127.0.0.1:PORT/PATH (the processor runs inside the enclave, which has no network)")
    public static let nonEmpty = StringFormat(
        name: "non-empty string", pattern: "^\\S(.*\\S)?$", allowed: "at least one character, no leading or trailing spaces")
    public static let sha256Hex = StringFormat(
        name: "SHA-256 hex digest", pattern: "^[0-9a-f]{64}$", allowed: "64 lower-case hex digits")
    public static let pcrHex = StringFormat(
        name: "PCR value", pattern: "^[0-9a-f]{96}$", allowed: "96 lower-case hex digits (SHA-384)")
    public static let apiKeyName = StringFormat(
        name: "API key name", pattern: "^[A-Za-z0-9._-]{1,64}$", allowed: "1-64 characters of A-Z a-z 0-9 . _ -")
    public static let bucketName = StringFormat(
        name: "S3 bucket name",
        pattern: "^(?!xn--)(?!sthree-)(?!.*\\.\\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?![0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$)"
            + "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        allowed: "3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, "
            + "no '..', not an IP address, no xn-- or sthree- prefix, no -s3alias or --ol-s3 suffix")
    public static let queueName = StringFormat(
        name: "SQS queue name", pattern: "^[a-z0-9][a-z0-9_-]{0,75}$",
        allowed: "1-76 characters of a-z, 0-9, '-' and '_' (SQS allows 80; '-dlq' is appended for the "
            + "dead-letter queue; nitroforge keeps generated names lower-case)")
    public static let objectKey = StringFormat(
        name: "S3 object key", pattern: "^[^/\\s][^\\s]{0,1023}$", allowed: "1-1024 characters, no spaces, not starting with '/'")
    public static let resultsPrefix = StringFormat(
        name: "S3 key prefix", pattern: "^(?!jobs/)[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$",
        allowed: "path segments of A-Z a-z 0-9 _ . - ending with '/', not starting with '/', not jobs/")
    public static let ociReference = StringFormat(
        name: "OCI image reference",
        pattern: "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$",
        allowed: "REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST]; pin a digest for reproducible measurements")
    public static let tagKey = StringFormat(
        name: "tag key", pattern: "^(?!aws:)[A-Za-z0-9 _.:/=+@-]{1,128}$",
        allowed: "1-128 characters of letters, digits, spaces and _.:/=+@-, not starting with aws:")
}
