/// The values the Terraform templates read, built from the deployment. Everything that comes from the spec
/// reaches a template already rendered as HCL (quoted, escaped), so a template never builds HCL from text.
struct TerraformContext {
    let deployment: Deployment
    let names: ResourceNames
    let keys: KeyPolicies
    let access: AccessPolicies

    init(_ deployment: Deployment) {
        self.deployment = deployment
        self.names = ResourceNames(deployment)
        self.keys = KeyPolicies(names)
        self.access = AccessPolicies(names)
    }

    private func hcl(_ expression: HCLExpression) -> String { expression.rendered(indent: 0) }
    private func hcl(_ policy: PolicyDocument) -> String { policy.terraform.rendered(indent: 0) }

    var producerOnEC2: Bool { deployment.producer.placement == .ec2 }
    var ingress: Deployment.Producer.Ingress? { producerOnEC2 ? deployment.producer.ingress : nil }
    var createsNetwork: Bool { if case .create = deployment.network { return true } else { return false } }
    var nat: Bool { createsNetwork && deployment.egress == .nat }
    var publicSubnets: Bool { createsNetwork && (nat || ingress?.isPublic == true) }
    var createsTopic: Bool { deployment.monitoring.alarms && deployment.monitoring.snsTopicArn == nil }

    var values: [String: Any] {
        var context: [String: Any] = [
            "specPath": deployment.specPath,
            "logRetentionDays": deployment.monitoring.logRetentionDays,
            "producerOnEC2": producerOnEC2,
            "nat": nat,
            "cloudTrail": deployment.monitoring.cloudTrail,
            "alarms": deployment.monitoring.alarms,
            "createTopic": createsTopic,
            "keys": keyContexts,
            "buckets": bucketContexts,
            "queueName": hcl(.string(names.jobsQueue)),
            "deadLetterQueueName": hcl(.string(names.deadLetterQueue)),
            "visibilityTimeoutSeconds": deployment.queue.visibilityTimeoutSeconds,
            "retentionSeconds": deployment.queue.retentionSeconds,
            "maxReceiveCount": deployment.queue.maxReceiveCount,
            "queuePolicy": hcl(access.jobsQueue),
            "producerTrust": hcl(producerOnEC2 ? access.ec2Trust : access.accountTrust),
            "producerPolicy": hcl(access.producerRole),
            "ec2Trust": hcl(access.ec2Trust),
            "consumerPolicy": hcl(access.consumerRole),
            "flowLogsTrust": hcl(access.serviceTrust("vpc-flow-logs.amazonaws.com")),
            "flowLogsPolicy": hcl(access.flowLogsRole),
            "cloudTrailTrust": hcl(access.serviceTrust("cloudtrail.amazonaws.com")),
            "cloudTrailPolicy": hcl(access.cloudTrailRole),
            "oldestJobAlarmSeconds": max(900, 2 * deployment.enclave.jobTimeoutSeconds),
            "trailSkips": [CheckovSkip.trailTopic.context],
            "topicArn": deployment.monitoring.snsTopicArn.map { hcl(.string($0)) } ?? "aws_sns_topic.alarms.arn",
        ]
        if let accountId = deployment.accountId { context["accountId"] = accountId }
        if let email = deployment.monitoring.alarmEmail { context["alarmEmail"] = hcl(.string(email)) }
        context.merge(networkValues) { $1 }
        context.merge(producerValues) { $1 }
        return context
    }

    private var keyContexts: [[String: Any]] {
        [
            ("data", "nitroforge \(deployment.name): job inputs and models; decrypts only inside an allowed enclave image", keys.dataKey),
            ("results", "nitroforge \(deployment.name): job results; encrypts only inside an allowed enclave image", keys.resultsKey),
            ("storage", "nitroforge \(deployment.name): at-rest encryption of buckets, queues and logs", keys.storageKey),
        ].map { id, description, policy in
            [
                "id": id, "description": hcl(.string(description)), "alias": hcl(.string(names.keyAlias(id))),
                "rotation": deployment.kms.rotation, "deletionWindowDays": deployment.kms.deletionWindowDays,
                "policy": hcl(policy),
            ]
        }
    }

    private var bucketContexts: [[String: Any]] {
        let storage = deployment.storage
        let logged = Set(names.accessLoggedBuckets.map(\.resource))
        var jobsSkips = [CheckovSkip.replication, .eventNotifications]
        if !storage.accessLogging { jobsSkips.append(.jobsBucketLoggingOff) }
        var jobs: [String: Any] = [
            "id": "jobs", "bucketName": hcl(names.bucketNameExpression("jobs")), "kms": true, "logged": logged.contains("jobs"),
            "expirationDays": storage.lifecycleDays, "noncurrentDays": 7, "policy": hcl(access.jobsBucket),
            "skips": jobsSkips.map(\.context),
        ]
        if let lock = storage.objectLock { jobs["objectLock"] = ["mode": lock.mode.rawValue, "days": lock.days] }
        let artifacts: [String: Any] = [
            "id": "artifacts", "bucketName": hcl(names.bucketNameExpression("artifacts")), "kms": true, "logged": logged.contains("artifacts"),
            "noncurrentDays": 90, "policy": hcl(access.artifactsBucket),
            "skips": [CheckovSkip.replication, .eventNotifications].map(\.context),
        ]
        let logs: [String: Any] = [
            "id": "logs", "bucketName": hcl(names.bucketNameExpression("logs")), "kms": false, "logged": false,
            "expirationDays": deployment.monitoring.logRetentionDays, "noncurrentDays": 30, "policy": hcl(access.logsBucket),
            "skips": [CheckovSkip.replication, .eventNotifications, .logBucketEncryption, .logBucketLogging].map(\.context),
        ]
        return [jobs, artifacts, logs]
    }

    private var networkValues: [String: Any] {
        switch deployment.network {
        case .create(let cidr, let zones):
            return [
                "createNetwork": true, "cidr": hcl(.string(cidr)), "availabilityZones": zones,
                "zoneNames": hcl(.list("abcdef".prefix(zones).map { .string(deployment.region + String($0)) })),
                "publicSubnets": publicSubnets,
                "networkSummary": "a new VPC with private subnets for the instances"
                    + (publicSubnets ? ", public subnets only for the load balancer and NAT gateway" : "")
                    + (nat ? ", a NAT gateway for egress" : ", no internet egress (VPC endpoints only)") + ".",
                "vpcIdExpression": "aws_vpc.main.id",
                "vpcCidrExpression": "aws_vpc.main.cidr_block",
                "privateSubnetsExpression": "aws_subnet.private[*].id",
                "publicSubnetsExpression": publicSubnets ? "aws_subnet.public[*].id" : "[]",
            ]
        case .existing(let vpcId, let privateSubnets, let publicSubnets):
            return [
                "existingNetwork": true, "vpcId": hcl(.string(vpcId)),
                "networkSummary": "the existing VPC \(vpcId); it must reach S3, SQS, KMS, STS, SSM and CloudWatch Logs (VPC endpoints or NAT).",
                "vpcIdExpression": "data.aws_vpc.main.id",
                "vpcCidrExpression": "data.aws_vpc.main.cidr_block",
                "privateSubnetsExpression": hcl(.list(privateSubnets.map(HCLExpression.string))),
                "publicSubnetsExpression": hcl(.list(publicSubnets.map(HCLExpression.string))),
            ]
        }
    }

    private var producerValues: [String: Any] {
        guard let ingress else { return [:] }
        var values: [String: Any] = [
            "albScheme": ingress.isPublic ? "internet-facing" : "internal",
            "albPublic": ingress.isPublic,
            "albInternal": !ingress.isPublic,
            "albSource": ingress.isPublic ? "the internet" : "inside the VPC",
            "albIngressCidr": ingress.isPublic ? hcl(.string("0.0.0.0/0")) : "local.vpc_cidr",
            "albSubnets": ingress.isPublic ? "local.public_subnet_ids" : "local.private_subnet_ids",
            "producerPort": deployment.producer.port,
        ]
        if let limit = ingress.wafRateLimit {
            values["waf"] = true
            values["wafRateLimit"] = limit
        } else if ingress.isPublic {
            values["loadBalancerSkips"] = [CheckovSkip.noWAF.context]
        }
        return values
    }
}
