/// Names and ARNs of the deployment's resources, each with its Terraform reference and its review value.
public struct ResourceNames: Sendable {
    public let deployment: Deployment

    public init(_ deployment: Deployment) {
        self.deployment = deployment
    }

    public var account: String { deployment.accountId ?? FixedNames.reviewAccount }
    public var region: String { deployment.region }
    var name: String { deployment.name }

    public var jobsBucket: String { deployment.storage.bucketName ?? "\(name)-jobs-\(account)" }
    public var artifactsBucket: String { "\(name)-artifacts-\(account)" }
    public var logsBucket: String { "\(name)-logs-\(account)" }
    public var jobsQueue: String { deployment.queue.name }
    public var deadLetterQueue: String { deployment.queue.name + "-dlq" }
    public var producerRole: String { "\(name)-producer" }
    public var consumerRole: String { "\(name)-consumer" }
    public var flowLogsRole: String { "\(name)-flow-logs" }
    public var trail: String { "\(name)-trail" }
    public func keyAlias(_ key: String) -> String { "alias/\(name)-\(key)" }
    public func logGroup(_ component: String) -> String { "/nitroforge/\(name)/\(component)" }
    public var kmsHost: String { "kms.\(region).amazonaws.com" }

    /// Buckets whose S3 access logs go to the logs bucket, under `s3-access/<resource>/`: Terraform resource
    /// name and bucket name.
    public var accessLoggedBuckets: [(resource: String, bucket: String)] {
        (deployment.storage.accessLogging ? [("jobs", jobsBucket)] : []) + [("artifacts", artifactsBucket)]
    }

    /// Terraform expressions for bucket names: the spec's name, or one made unique by the account id.
    public func bucketNameExpression(_ role: String) -> HCLExpression {
        if role == "jobs", let name = deployment.storage.bucketName { return .string(name) }
        return .template("${local.name}-\(role)-${local.account_id}")
    }

    public func keyArn(_ key: String) -> PolicyValue {
        PolicyValue(terraform: .reference("aws_kms_key.\(key).arn"), review: "arn:aws:kms:\(region):\(account):key/<\(key)-key-id>")
    }

    public func roleArn(_ role: String) -> PolicyValue {
        PolicyValue(terraform: .reference("aws_iam_role.\(role).arn"), review: "arn:aws:iam::\(account):role/\(name)-\(role.replacingOccurrences(of: "_", with: "-"))")
    }

    public func bucketArn(_ resource: String, name bucket: String, suffix: String = "") -> PolicyValue {
        let terraform: HCLExpression = suffix.isEmpty
            ? .reference("aws_s3_bucket.\(resource).arn")
            : .template("${aws_s3_bucket.\(resource).arn}\(suffix)")
        return PolicyValue(terraform: terraform, review: "arn:aws:s3:::\(bucket)\(suffix)")
    }

    public func queueArn(_ resource: String, name queue: String) -> PolicyValue {
        PolicyValue(terraform: .reference("aws_sqs_queue.\(resource).arn"), review: "arn:aws:sqs:\(region):\(account):\(queue)")
    }

    public func logGroupArn(_ resource: String, component: String) -> PolicyValue {
        PolicyValue(
            terraform: .template("${aws_cloudwatch_log_group.\(resource).arn}:*"),
            review: "arn:aws:logs:\(region):\(account):log-group:\(logGroup(component)):*"
        )
    }

    public var trailArn: PolicyValue {
        PolicyValue(
            terraform: .template("arn:aws:cloudtrail:${local.region}:${local.account_id}:trail/\(trail)"),
            review: "arn:aws:cloudtrail:\(region):\(account):trail/\(trail)"
        )
    }

    public var accountValue: PolicyValue {
        PolicyValue(terraform: .reference("local.account_id"), review: account)
    }

    /// The PCR0 values the keys accept: the measured one (from a variable) and the spec's rollout extras.
    public var allowedImageMeasurements: PolicyValues {
        .list(
            .call("concat", [.list([.reference("var.enclave_pcr0")]), .reference("var.enclave_extra_pcr0")]),
            review: [deployment.measurements?.pcr0 ?? "<enclave-pcr0>"] + deployment.enclave.extraPCR0
        )
    }

    /// The signing certificate's PCR8, when the image is signed.
    public var allowedSigningMeasurement: PolicyValues? {
        guard deployment.enclave.signingCertificatePath != nil else { return nil }
        return .values([PolicyValue(terraform: .reference("var.enclave_pcr8"), review: deployment.measurements?.pcr8 ?? "<enclave-pcr8>")])
    }
}
