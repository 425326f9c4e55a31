import NitroForgeSpec
import NitroFormats

/// The values the enclave and host templates read: fixed names, the spec's limits and the processor.
/// Values that land inside JSON come pre-quoted (`...JSON` keys).
struct ArtifactContext {
    let deployment: Deployment
    let names: ResourceNames

    init(_ deployment: Deployment) {
        self.deployment = deployment
        self.names = ResourceNames(deployment)
    }

    private func json(_ value: String) -> String { OrderedJSON.quote(value) }

    /// Text that Terraform's templatefile() reads back literally: there `${` starts an interpolation and
    /// `%{` a directive, so both are doubled.
    static func templateFileLiteral(_ text: String) -> String {
        text.replacingOccurrences(of: "${", with: "$${").replacingOccurrences(of: "%{", with: "%%{")
    }

    /// A quoted spec value for host/producer.yaml, which Terraform renders with templatefile() when the
    /// producer runs on EC2 (otherwise the operator reads it as it is).
    private func producerYAML(_ value: String) -> String {
        deployment.producer.placement == .ec2 ? Self.templateFileLiteral(json(value)) : json(value)
    }

    var processorImage: String {
        switch deployment.enclave.image {
        case .dockerfile: return "nitroforge-processor-\(deployment.name)"
        case .oci(let reference):
            return reference.contains("@sha256:") ? reference : reference + "@sha256:<processor-image-digest>"
        }
    }

    /// enclave.json's `processor`. An http server runs as `user` (the agent starts as root, for /dev/nsm and
    /// loopback, and refuses to run a processor as root); the Dockerfile creates that user.
    var processorJSON: String {
        func list(_ values: [String]) -> String { "[" + values.map(json).joined(separator: ", ") + "]" }
        switch deployment.enclave.processor {
        case .http(let url, let command):
            var members = ["\"type\": \"http\"", "\"url\": \(json(url))"]
            if let command { members.append("\"command\": \(list(command))") }
            members.append("\"user\": \(json(FixedNames.processorUser))")
            return "{" + members.joined(separator: ", ") + "}"
        case .exec(let argv): return "{\"type\": \"exec\", \"argv\": \(list(argv))}"
        }
    }

    var values: [String: Any] {
        let enclave = deployment.enclave
        var values: [String: Any] = [
            "name": deployment.name,
            "region": deployment.region,
            "specPath": deployment.specPath,
            "measurementsPath": enclave.measurementsPath,
            "signed": enclave.signingCertificatePath != nil,
            "debug": enclave.debug,
            "instanceType": enclave.instanceType,
            "cpuCount": enclave.cpuCount,
            "memoryMiB": enclave.memoryMiB,
            "jobTimeoutSeconds": enclave.jobTimeoutSeconds,
            "maxPayloadBytes": deployment.producer.maxPayloadBytes,
            "visibilityTimeoutSeconds": deployment.queue.visibilityTimeoutSeconds,
            "maxReceiveCount": deployment.queue.maxReceiveCount,
            "resultsPrefix": deployment.results.prefix,
            "storeResults": deployment.results.store,
            "deleteInputAfterResult": deployment.results.deleteInputAfterResult,
            "producerOnEC2": deployment.producer.placement == .ec2,
            "producerPort": deployment.producer.port,
            "processorImage": processorImage,
            "processorJSON": processorJSON,
            "httpProcessor": { if case .http = enclave.processor { return true } else { return false } }(),
            "processorUser": FixedNames.processorUser,
            "kmsHost": names.kmsHost,
            "nameJSON": json(deployment.name),
            "regionJSON": json(deployment.region),
            "accountIdJSON": deployment.accountId.map(json) ?? "null",
            "kmsHostJSON": json(names.kmsHost),
            "dataKeyAliasJSON": json(names.keyAlias("data")),
            "resultsKeyAliasJSON": json(names.keyAlias("results")),
            "enclaveExecutable": FixedNames.enclaveExecutable,
            "hostExecutable": FixedNames.hostExecutable,
            "producerExecutable": FixedNames.producerExecutable,
            "enclaveConfig": FixedNames.enclaveConfig,
            "hostConfig": FixedNames.hostConfig,
            "producerConfig": FixedNames.producerConfig,
            "configDirectory": FixedNames.configDirectory,
            "installDirectory": FixedNames.installDirectory,
            "eifPath": FixedNames.eifPath,
            "enclaveCID": FixedNames.enclaveCID,
            "jobsPort": FixedNames.jobsPort,
            "logsPort": FixedNames.logsPort,
            "vsockProxyPort": FixedNames.vsockProxyPort,
            "metricsNamespace": FixedNames.metricsNamespace,
        ]
        if let model = enclave.modelArtifact {
            // host.yaml goes through templatefile(); enclave.json only needs to know a model is required.
            values["model"] = ["bucket": Self.templateFileLiteral(json(model.bucket)), "key": Self.templateFileLiteral(json(model.key))]
        }
        if case .dockerfile(let path, let context) = enclave.image {
            values["dockerfile"] = path
            values["dockerContext"] = context
        }
        switch deployment.producer.auth {
        case .oidc(let issuer, let audience, let jwksURL, let requiredScope):
            var oidc: [String: Any] = ["issuer": producerYAML(issuer), "audience": producerYAML(audience)]
            if let jwksURL { oidc["jwksURL"] = producerYAML(jwksURL) }
            if let requiredScope { oidc["requiredScope"] = producerYAML(requiredScope) }
            values["oidc"] = oidc
        case .apiKeys(let keys):
            // Quoted: a digest of digits only, or digits and one `e`, would read as a number.
            values["apiKeys"] = ["keys": keys.map { ["name": producerYAML($0.name), "sha256": producerYAML($0.sha256)] }]
        }
        switch deployment.producer.tls {
        case .none: values["producerTLSWord"] = "none"
        case .selfSigned: values["producerTLSWord"] = "self-signed"
        case .files(let certificateFile, let privateKeyFile):
            values["producerTLSFiles"] = ["certificateFile": producerYAML(certificateFile), "privateKeyFile": producerYAML(privateKeyFile)]
        }
        let limits = deployment.producer.limits
        values["producerLimits"] = [
            "requestsPerMinutePerPrincipal": limits.requestsPerMinutePerPrincipal,
            "maxConcurrentRequests": limits.maxConcurrentRequests,
            "requestTimeoutSeconds": limits.requestTimeoutSeconds,
        ]
        return values
    }
}
