/// `policies/*.json`: every key, role, bucket and queue policy as plain JSON for review and linting,
/// the same typed values Terraform renders.
struct ReviewPolicies {
    let context: TerraformContext

    init(_ context: TerraformContext) {
        self.context = context
    }

    var documents: [(String, PolicyDocument)] {
        let keys = context.keys
        let access = context.access
        var documents: [(String, PolicyDocument)] = [
            ("data-key", keys.dataKey),
            ("results-key", keys.resultsKey),
            ("storage-key", keys.storageKey),
            ("producer-role", access.producerRole),
            ("consumer-role", access.consumerRole),
            ("flow-logs-role", access.flowLogsRole),
            ("bucket", access.jobsBucket),
            ("artifacts-bucket", access.artifactsBucket),
            ("logs-bucket", access.logsBucket),
            ("jobs-queue", access.jobsQueue),
        ]
        if context.deployment.monitoring.cloudTrail { documents.append(("cloudtrail-role", access.cloudTrailRole)) }
        return documents
    }

    var files: [GeneratedFile] {
        documents.map { GeneratedFile(path: "policies/\($0.0).json", contents: $0.1.json.pretty()) }
    }
}
