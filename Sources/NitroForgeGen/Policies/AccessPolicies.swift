/// Role, bucket and queue policies. The producer and consumer roles are separate (separation of duties):
/// the producer writes jobs (and reads back or deletes only under jobs/, where everything is its own) and
/// sees results only as ciphertext under the results key; the consumer reads jobs and writes results, and its
/// key use is bound to the enclave by the key policies, not by these.
public struct AccessPolicies: Sendable {
    let names: ResourceNames
    var deployment: Deployment { names.deployment }

    public init(_ names: ResourceNames) {
        self.names = names
    }

    private var jobsObjects: PolicyValue { names.bucketArn("jobs", name: names.jobsBucket, suffix: "/jobs/*") }
    private var resultObjects: PolicyValue {
        names.bucketArn("jobs", name: names.jobsBucket, suffix: "/\(deployment.results.prefix)*")
    }

    /// The producer: writes jobs, sends their messages, generates their data keys, and answers for their state.
    public var producerRole: PolicyDocument {
        PolicyDocument([
            PolicyStatement(
                sid: "WriteJobObjects", effect: .allow, actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
                resources: [jobsObjects]
            ),
            // Idempotency records (`jobs/idempotency/<hex>.json`) are read back, and a job object whose message
            // could not be sent is deleted. Everything under jobs/ is the producer's own writing: job objects are
            // ciphertext under the data key, which it may only generate keys with, never decrypt.
            PolicyStatement(
                sid: "ReadBackAndDeleteJobObjects", effect: .allow, actions: ["s3:GetObject", "s3:DeleteObject"],
                resources: [jobsObjects]
            ),
            // GET /v1/jobs/{id} answers from HeadObject of `<results>/<jobId>.esdk` and `.failed` (HeadObject is
            // authorised as s3:GetObject). Results are ciphertext under the results key, which the producer
            // cannot use.
            PolicyStatement(
                sid: "CheckResultObjects", effect: .allow, actions: ["s3:GetObject"],
                resources: [resultObjects]
            ),
            PolicyStatement(
                sid: "SendJobMessages", effect: .allow, actions: ["sqs:SendMessage", "sqs:GetQueueUrl"],
                resources: [names.queueArn("jobs", name: names.jobsQueue)]
            ),
            PolicyStatement(
                sid: "GenerateJobDataKeys", effect: .allow, actions: ["kms:GenerateDataKey"],
                resources: [names.keyArn("data")],
                conditions: [PolicyCondition(.stringEquals, .encryptionContextApp, deployment.name)]
            ),
            PolicyStatement(
                sid: "EncryptAtRestThroughS3AndSQS", effect: .allow, actions: ["kms:GenerateDataKey", "kms:Decrypt"],
                resources: [names.keyArn("storage")],
                conditions: [.viaS3AndSQS(region: names.region)]
            ),
            PolicyStatement(
                sid: "WriteProducerLogs", effect: .allow, actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: [names.logGroupArn("producer", component: "producer")]
            ),
        ])
    }

    /// The model object, when the spec names one (encrypted under the data key, so reading it is harmless).
    private var modelArtifact: [PolicyValue] {
        guard let model = deployment.enclave.modelArtifact else { return [] }
        return [.literal("arn:aws:s3:::\(model.bucket)/\(model.key)")]
    }

    public var consumerRole: PolicyDocument {
        var objectActions = ["s3:GetObject"]
        if deployment.results.deleteInputAfterResult { objectActions.append("s3:DeleteObject") }
        return PolicyDocument([
            PolicyStatement(sid: "ReadJobObjects", effect: .allow, actions: objectActions, resources: [jobsObjects]),
            PolicyStatement(
                sid: "WriteResultObjects", effect: .allow, actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
                resources: [resultObjects]
            ),
            PolicyStatement(
                sid: "ReadEnclaveArtifacts", effect: .allow, actions: ["s3:GetObject"],
                resources: ["eif/*", "bundle/*"].map {
                    names.bucketArn("artifacts", name: names.artifactsBucket, suffix: "/\($0)")
                } + modelArtifact
            ),
            PolicyStatement(
                sid: "ConsumeJobMessages", effect: .allow,
                actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                resources: [names.queueArn("jobs", name: names.jobsQueue)]
            ),
            PolicyStatement(
                sid: "EnclaveUsesDataAndResultsKeys", effect: .allow,
                actions: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:DescribeKey"],
                resources: [names.keyArn("data"), names.keyArn("results")]
            ),
            PolicyStatement(
                sid: "DecryptAtRestThroughS3AndSQS", effect: .allow, actions: ["kms:GenerateDataKey", "kms:Decrypt"],
                resources: [names.keyArn("storage")],
                conditions: [.viaS3AndSQS(region: names.region)]
            ),
            PolicyStatement(
                sid: "WriteHostAndEnclaveLogs", effect: .allow, actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: [names.logGroupArn("host", component: "host"), names.logGroupArn("enclave", component: "enclave")]
            ),
            PolicyStatement(
                sid: "PublishMetrics", effect: .allow, actions: ["cloudwatch:PutMetricData"], resources: [.literal("*")],
                conditions: [PolicyCondition(.stringEquals, .cloudWatchNamespace, FixedNames.metricsNamespace)]
            ),
        ])
    }

    public var flowLogsRole: PolicyDocument {
        PolicyDocument([
            PolicyStatement(
                sid: "WriteFlowLogs", effect: .allow,
                actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                resources: [names.logGroupArn("flow_logs", component: "vpc-flow-logs")]
            ),
        ])
    }

    /// Trust policy of the consumer role, and of the producer role when the producer runs on EC2.
    public var ec2Trust: PolicyDocument {
        PolicyDocument([PolicyStatement(
            sid: "EC2AssumesRole", effect: .allow, principal: .service(["ec2.amazonaws.com"]), actions: ["sts:AssumeRole"],
            resources: []
        )])
    }

    /// Trust policy of a role an AWS service assumes on this account's behalf.
    public func serviceTrust(_ service: String) -> PolicyDocument {
        PolicyDocument([PolicyStatement(
            sid: "ServiceAssumesRole", effect: .allow, principal: .service([service]), actions: ["sts:AssumeRole"],
            resources: [], conditions: [PolicyCondition(.stringEquals, .sourceAccount, [names.accountValue])]
        )])
    }

    public var cloudTrailRole: PolicyDocument {
        PolicyDocument([
            PolicyStatement(
                sid: "DeliverTrailToLogs", effect: .allow, actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: [names.logGroupArn("cloudtrail", component: "cloudtrail")]
            ),
        ])
    }

    /// Trust policy of the producer role when the producer runs outside this deployment: principals of this
    /// account that are themselves allowed `sts:AssumeRole` on it.
    public var accountTrust: PolicyDocument {
        PolicyDocument([PolicyStatement(
            sid: "AccountPrincipalsAssumeRole", effect: .allow,
            principal: .aws([PolicyValue(terraform: .template("arn:aws:iam::${local.account_id}:root"), review: "arn:aws:iam::\(names.account):root")]),
            actions: ["sts:AssumeRole"], resources: []
        )])
    }

    /// Denies plain-HTTP requests to a bucket.
    private func denyInsecureTransport(_ resource: String, _ bucket: String) -> PolicyStatement {
        PolicyStatement(
            sid: "DenyInsecureTransport", effect: .deny, principal: .everyone, actions: ["s3:*"],
            resources: [names.bucketArn(resource, name: bucket), names.bucketArn(resource, name: bucket, suffix: "/*")],
            conditions: [PolicyCondition(.bool, .secureTransport, "false")]
        )
    }

    /// TLS only, and objects encrypted with the storage key: a put that names another key or another kind of
    /// encryption is refused; one that names none gets the bucket default, which is the storage key.
    private func kmsBucket(_ resource: String, _ bucket: String) -> PolicyDocument {
        let objects = [names.bucketArn(resource, name: bucket, suffix: "/*")]
        return PolicyDocument([
            denyInsecureTransport(resource, bucket),
            PolicyStatement(
                sid: "DenyOtherEncryption", effect: .deny, principal: .everyone, actions: ["s3:PutObject"], resources: objects,
                conditions: [
                    PolicyCondition(.null, .s3Encryption, "false"),
                    PolicyCondition(.stringNotEquals, .s3Encryption, "aws:kms"),
                ]
            ),
            PolicyStatement(
                sid: "DenyOtherEncryptionKeys", effect: .deny, principal: .everyone, actions: ["s3:PutObject"], resources: objects,
                conditions: [
                    PolicyCondition(.null, .s3EncryptionKey, "false"),
                    PolicyCondition(.arnNotEquals, .s3EncryptionKey, [names.keyArn("storage")]),
                ]
            ),
        ])
    }

    public var jobsBucket: PolicyDocument { kmsBucket("jobs", names.jobsBucket) }
    public var artifactsBucket: PolicyDocument { kmsBucket("artifacts", names.artifactsBucket) }

    /// Accounts that deliver load balancer access logs, for the review copy of the log bucket policy
    /// (Terraform reads the right one from `aws_elb_service_account`).
    static let loadBalancerLogAccounts = [
        "us-east-1": "127311923021", "us-west-2": "797873946194", "eu-west-1": "156460612806", "eu-central-1": "054676820928",
    ]

    /// The log bucket receives S3 access logs, load balancer logs and the CloudTrail trail, each only under
    /// its own prefix and only from this account.
    public var logsBucket: PolicyDocument {
        let bucket = names.logsBucket
        let account = names.accountValue
        // One statement per source bucket, each bound to its own prefix and bucket ARN (as S3's documentation
        // recommends; moto also accepts a logging target only under a statement for exactly that prefix).
        var statements = [denyInsecureTransport("logs", bucket)] + names.accessLoggedBuckets.map { source in
            PolicyStatement(
                sid: "S3ServerAccessLogsFrom\(source.resource.prefix(1).uppercased())\(source.resource.dropFirst())",
                effect: .allow, principal: .service(["logging.s3.amazonaws.com"]),
                actions: ["s3:PutObject"], resources: [names.bucketArn("logs", name: bucket, suffix: "/s3-access/\(source.resource)/*")],
                conditions: [
                    PolicyCondition(.stringEquals, .sourceAccount, [account]),
                    PolicyCondition(.stringEquals, .sourceArn, [names.bucketArn(source.resource, name: source.bucket)]),
                ]
            )
        }
        if deployment.producer.placement == .ec2 {
            statements.append(PolicyStatement(
                sid: "LoadBalancerAccessLogs", effect: .allow,
                principal: .aws([PolicyValue(
                    terraform: .reference("data.aws_elb_service_account.main.arn"),
                    review: "arn:aws:iam::\(Self.loadBalancerLogAccounts[names.region] ?? "<elb-account-id>"):root"
                )]),
                actions: ["s3:PutObject"],
                resources: [PolicyValue(
                    terraform: .template("${aws_s3_bucket.logs.arn}/alb/AWSLogs/${local.account_id}/*"),
                    review: "arn:aws:s3:::\(bucket)/alb/AWSLogs/\(names.account)/*"
                )]
            ))
        }
        if deployment.monitoring.cloudTrail {
            statements += [
                PolicyStatement(
                    sid: "CloudTrailChecksBucketAcl", effect: .allow, principal: .service(["cloudtrail.amazonaws.com"]),
                    actions: ["s3:GetBucketAcl"], resources: [names.bucketArn("logs", name: bucket)],
                    conditions: [PolicyCondition(.stringEquals, .sourceArn, [names.trailArn])]
                ),
                PolicyStatement(
                    sid: "CloudTrailWritesTrail", effect: .allow, principal: .service(["cloudtrail.amazonaws.com"]),
                    actions: ["s3:PutObject"],
                    resources: [PolicyValue(
                        terraform: .template("${aws_s3_bucket.logs.arn}/cloudtrail/AWSLogs/${local.account_id}/*"),
                        review: "arn:aws:s3:::\(bucket)/cloudtrail/AWSLogs/\(names.account)/*"
                    )],
                    conditions: [
                        PolicyCondition(.stringEquals, .sourceArn, [names.trailArn]),
                        PolicyCondition(.stringEquals, .s3Acl, "bucket-owner-full-control"),
                    ]
                ),
            ]
        }
        return PolicyDocument(statements)
    }

    /// The jobs queue accepts only TLS requests.
    public var jobsQueue: PolicyDocument {
        PolicyDocument([PolicyStatement(
            sid: "DenyInsecureTransport", effect: .deny, principal: .everyone, actions: ["sqs:*"],
            resources: [names.queueArn("jobs", name: names.jobsQueue)],
            conditions: [PolicyCondition(.bool, .secureTransport, "false")]
        )])
    }
}
