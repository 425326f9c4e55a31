/// One IAM policy statement. Only what nitroforge writes is modelled: no `NotAction`/`NotPrincipal`, so a
/// reader sees exactly what is allowed or denied.
public struct PolicyStatement: Sendable, Equatable {
    public enum Effect: String, Sendable { case allow = "Allow", deny = "Deny" }

    /// Who a resource policy statement applies to. Identity policies have none.
    public enum Principal: Sendable, Equatable {
        case aws([PolicyValue])
        case service([String])
        /// Every principal (`{"AWS": "*"}`); used only with `Deny`, so nothing is opened to the world.
        case everyone
    }

    public var sid: String
    public var effect: Effect
    public var principal: Principal?
    public var actions: [String]
    public var resources: [PolicyValue]
    public var conditions: [PolicyCondition]

    public init(
        sid: String, effect: Effect, principal: Principal? = nil, actions: [String],
        resources: [PolicyValue], conditions: [PolicyCondition] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }
}

/// `"Operator": {"key": [values]}` of a statement's `Condition`.
public struct PolicyCondition: Sendable, Equatable {
    public enum Operator: String, Sendable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case arnNotEquals = "ArnNotEquals"
        case bool = "Bool"
        case null = "Null"
    }

    /// Condition keys nitroforge uses, named so a typo is a compile error.
    public enum Key: String, Sendable {
        case recipientImageSha384 = "kms:RecipientAttestation:ImageSha384"
        case recipientPCR8 = "kms:RecipientAttestation:PCR8"
        case encryptionContextApp = "kms:EncryptionContext:nitroforge:app"
        case encryptionContextPurpose = "kms:EncryptionContext:nitroforge:purpose"
        case viaService = "kms:ViaService"
        case logsArn = "kms:EncryptionContext:aws:logs:arn"
        case cloudTrailArn = "kms:EncryptionContext:aws:cloudtrail:arn"
        case sourceArn = "aws:SourceArn"
        case sourceAccount = "aws:SourceAccount"
        case secureTransport = "aws:SecureTransport"
        case s3EncryptionKey = "s3:x-amz-server-side-encryption-aws-kms-key-id"
        case s3Encryption = "s3:x-amz-server-side-encryption"
        case s3Acl = "s3:x-amz-acl"
        case cloudWatchNamespace = "cloudwatch:namespace"
    }

    public var test: Operator
    public var key: Key
    public var values: PolicyValues

    public init(_ test: Operator, _ key: Key, _ values: PolicyValues) {
        self.test = test
        self.key = key
        self.values = values
    }

    public init(_ test: Operator, _ key: Key, _ values: [PolicyValue]) {
        self.init(test, key, .values(values))
    }

    public init(_ test: Operator, _ key: Key, _ value: String) {
        self.init(test, key, .values([.literal(value)]))
    }

    /// The storage key is used only by S3 and SQS in `region`, on the caller's behalf (at-rest encryption):
    /// never called directly, so a role that holds it cannot decrypt anything it reads itself.
    public static func viaS3AndSQS(region: String) -> PolicyCondition {
        PolicyCondition(.stringEquals, .viaService, [.literal("s3.\(region).amazonaws.com"), .literal("sqs.\(region).amazonaws.com")])
    }
}
