/// The names one AWS service goes by: how requests are signed, its host name, and the
/// suffix of its `AWS_ENDPOINT_URL_<SUFFIX>` variable.
public struct AWSService: Sendable, Equatable {
    public var signingName: String
    public var endpointPrefix: String
    public var environmentSuffix: String

    public init(signingName: String, endpointPrefix: String, environmentSuffix: String) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.environmentSuffix = environmentSuffix
    }

    public static let kms = AWSService(signingName: "kms", endpointPrefix: "kms", environmentSuffix: "KMS")
    public static let s3 = AWSService(signingName: "s3", endpointPrefix: "s3", environmentSuffix: "S3")
    public static let sqs = AWSService(signingName: "sqs", endpointPrefix: "sqs", environmentSuffix: "SQS")
    public static let sts = AWSService(signingName: "sts", endpointPrefix: "sts", environmentSuffix: "STS")
}
