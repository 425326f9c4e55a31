/// Cross-field rules between the producer, network, storage, queue, keys and monitoring.
enum DeploymentRules {
    static func check(_ context: inout RuleContext) {
        let spec = context.spec
        if spec.queue.visibilityTimeoutSeconds < spec.enclave.jobTimeoutSeconds {
            context.report(["queue.visibilityTimeoutSeconds", "enclave.jobTimeoutSeconds"],
                           "\(spec.queue.visibilityTimeoutSeconds) s is shorter than enclave.jobTimeoutSeconds (\(spec.enclave.jobTimeoutSeconds) s): another host would take the job while it runs",
                           allowed: "at least \(spec.enclave.jobTimeoutSeconds), or leave it out (job timeout + 60)")
        }
        if spec.scaling.min > spec.scaling.max {
            context.report(["scaling.min", "scaling.max"], "\(spec.scaling.min) is more than scaling.max (\(spec.scaling.max))",
                           allowed: "at most \(spec.scaling.max)")
        }
        checkProducer(&context)
        checkStorage(&context)
        checkKeys(&context)
        checkMonitoring(&context)
    }

    private static func checkProducer(_ context: inout RuleContext) {
        let spec = context.spec
        guard spec.producer.runsOn == .ec2 else { return }
        if spec.producer.tls == .none {
            context.report(["producer.tls", "producer.runsOn"],
                           "is none, but on EC2 the load balancer's hop to the producer carries the plaintext jobs, "
                            + "and its target group speaks HTTPS",
                           allowed: "self-signed, a mapping with certificateFile and privateKeyFile, or producer.runsOn: external")
        }
        if let ingress = spec.producer.ingress {
            let parts = ingress.certificateArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts.count > 4, parts[3] != spec.region {
                context.report(["producer.ingress.certificateArn", "region"],
                               "the certificate is in \(parts[3]), but a load balancer can only use one from its own region (\(spec.region))",
                               allowed: "an ACM certificate ARN in \(spec.region)")
            } else if parts.count > 4, let account = spec.accountId, parts[4] != account {
                context.report(["producer.ingress.certificateArn", "accountId"],
                               "the certificate belongs to account \(parts[4]), not \(account)",
                               allowed: "an ACM certificate of account \(account)")
            }
            if spec.network.mode == .existing, ingress.scheme == .public, spec.network.publicSubnetIds.isEmpty {
                context.report(["network.publicSubnetIds", "producer.ingress.scheme", "network.mode"],
                               "is required for a public load balancer in an existing VPC",
                               allowed: "public subnet ids in at least two availability zones, or producer.ingress.scheme: internal")
            }
        }
        if case .oidc = spec.producer.auth, spec.network.egress == .endpoints {
            context.report(["network.egress", "producer.auth.oidc"],
                           "is endpoints, but the producer must fetch the OIDC issuer's signing keys from the internet",
                           allowed: "nat, or producer.auth.apiKeys, or producer.runsOn: external")
        }
    }

    private static func checkStorage(_ context: inout RuleContext) {
        let storage = context.spec.storage
        guard let lock = storage.objectLock else { return }
        if storage.deleteInputAfterResult {
            context.report(["storage.deleteInputAfterResult", "storage.objectLock"],
                           "cannot delete inputs that Object Lock retains", allowed: "false while storage.objectLock is set")
        }
        if storage.lifecycleDays < lock.retentionDays {
            context.report(["storage.lifecycleDays", "storage.objectLock.retentionDays"],
                           "\(storage.lifecycleDays) days is shorter than the Object Lock retention (\(lock.retentionDays) days); locked objects cannot expire earlier",
                           allowed: "at least \(lock.retentionDays)")
        }
    }

    private static func checkKeys(_ context: inout RuleContext) {
        let spec = context.spec
        if spec.results.store, spec.kms.resultReaders.isEmpty {
            context.report(["kms.resultReaders", "results.store"],
                           "is empty while results.store is true: nobody could decrypt the stored results",
                           allowed: "at least one IAM principal ARN, or results.store: false")
        }
        if spec.enclave.model != nil, spec.kms.modelPublisher == nil {
            context.report(["enclave.model", "kms.modelPublisher"],
                           "is set but kms.modelPublisher is not: nobody may encrypt a model for the enclave",
                           allowed: "set kms.modelPublisher to the principal that encrypts the model")
        }
    }

    private static func checkMonitoring(_ context: inout RuleContext) {
        let monitoring = context.spec.monitoring
        if !monitoring.alarms {
            for field in ["snsTopicArn", "alarmEmail"] where context.isWritten("monitoring.\(field)") {
                context.report(["monitoring.\(field)", "monitoring.alarms"], "has no effect with monitoring.alarms: false",
                               allowed: "remove it, or set alarms: true")
            }
        }
        if let topic = monitoring.snsTopicArn {
            let region = topic.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
            if let region, region != context.spec.region {
                context.report(["monitoring.snsTopicArn", "region"],
                               "the topic is in \(region); CloudWatch alarms notify topics in their own region (\(context.spec.region))",
                               allowed: "an SNS topic ARN in \(context.spec.region)")
            }
        }
    }
}
