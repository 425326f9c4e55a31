import Foundation
import NitroFormats

/// Builds the typed `Spec` from the checked tree (defaults already in place).
enum SpecBuilder {
    static func build(_ tree: JSONValue, sourceFile: URL) -> Spec {
        let root = ValueReader(value: tree)
        let folder = sourceFile.deletingLastPathComponent()
        let enclave = Self.enclave(root["enclave"], folder: folder)
        let name = root.string("name")
        return Spec(
            name: name,
            region: root.string("region"),
            accountId: root.optionalString("accountId"),
            network: network(root["network"]),
            producer: producer(root["producer"]),
            storage: storage(root["storage"]),
            queue: queue(root["queue"], specName: name, jobTimeoutSeconds: enclave.jobTimeoutSeconds),
            kms: KMSSpec(
                rotation: root["kms"].bool("rotation"),
                deletionWindowDays: root["kms"].int("deletionWindowDays"),
                administrators: root["kms"].strings("administrators"),
                resultReaders: root["kms"].strings("resultReaders"),
                modelPublisher: root["kms"].optionalString("modelPublisher")),
            enclave: enclave,
            scaling: ScalingSpec(
                min: root["scaling"].int("min"), max: root["scaling"].int("max"),
                targetBacklogPerInstance: root["scaling"].int("targetBacklogPerInstance")),
            results: ResultsSpec(store: root["results"].bool("store"), prefix: root["results"].string("prefix")),
            monitoring: MonitoringSpec(
                alarms: root["monitoring"].bool("alarms"),
                snsTopicArn: root["monitoring"].optionalString("snsTopicArn"),
                alarmEmail: root["monitoring"].optionalString("alarmEmail"),
                cloudTrail: root["monitoring"].bool("cloudTrail")),
            tags: (root.value["tags"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
            sourceFile: sourceFile,
            measurements: nil)
    }

    private static func network(_ node: ValueReader) -> NetworkSpec {
        NetworkSpec(
            mode: node.choice("mode", or: .create),
            cidr: node.string("cidr"),
            availabilityZones: node.int("availabilityZones"),
            vpcId: node.optionalString("vpcId"),
            privateSubnetIds: node.strings("privateSubnetIds"),
            publicSubnetIds: node.strings("publicSubnetIds"),
            egress: node.choice("egress", or: .endpoints))
    }

    private static func producer(_ node: ValueReader) -> ProducerSpec {
        let auth: ProducerAuth
        if node["auth"]["oidc"].isPresent {
            let oidc = node["auth"]["oidc"]
            auth = .oidc(OIDCAuth(
                issuer: oidc.string("issuer"), audience: oidc.string("audience"),
                jwksUrl: oidc.optionalString("jwksUrl"), requiredScope: oidc.optionalString("requiredScope")))
        } else {
            auth = .apiKeys(node["auth"].list("apiKeys").map { APIKeyHash(name: $0.string("name"), sha256: $0.string("sha256")) })
        }
        let ingress = node["ingress"]
        let limits = node["limits"]
        return ProducerSpec(
            runsOn: node.choice("runsOn", or: .ec2),
            port: node.int("port"),
            tls: tls(node["tls"]),
            maxPayloadMiB: node.int("maxPayloadMiB"),
            limits: ProducerLimitsSpec(
                requestsPerMinutePerPrincipal: limits.int("requestsPerMinutePerPrincipal"),
                maxConcurrentRequests: limits.int("maxConcurrentRequests"),
                requestTimeoutSeconds: limits.int("requestTimeoutSeconds")),
            auth: auth,
            ingress: ingress.isPresent
                ? IngressSpec(scheme: ingress.choice("scheme", or: .internal), certificateArn: ingress.string("certificateArn"),
                              wafRateLimit: ingress.optionalInt("wafRateLimit"))
                : nil)
    }

    /// `producer.tls`: a word, or the mapping of PEM files (an invalid value, already reported, reads as the default).
    private static func tls(_ node: ValueReader) -> ProducerTLSSpec {
        switch node.value {
        case .string("none"): return .none
        case .object: return .files(certificateFile: node.string("certificateFile"), privateKeyFile: node.string("privateKeyFile"))
        default: return .selfSigned
        }
    }

    private static func storage(_ node: ValueReader) -> StorageSpec {
        let lock = node["objectLock"]
        return StorageSpec(
            bucketName: node.optionalString("bucketName"),
            objectLock: lock.isPresent
                ? ObjectLockSpec(mode: lock.choice("mode", or: .governance), retentionDays: lock.int("retentionDays"))
                : nil,
            lifecycleDays: node.int("lifecycleDays"),
            accessLogging: node.bool("accessLogging"),
            deleteInputAfterResult: node.bool("deleteInputAfterResult"))
    }

    private static func queue(_ node: ValueReader, specName: String, jobTimeoutSeconds: Int) -> QueueSpec {
        QueueSpec(
            name: node.optionalString("name") ?? "\(specName)-jobs",
            visibilityTimeoutSeconds: node.optionalInt("visibilityTimeoutSeconds") ?? min(43200, jobTimeoutSeconds + 60),
            maxReceiveCount: node.int("maxReceiveCount"),
            retentionDays: node.int("retentionDays"))
    }

    private static func enclave(_ node: ValueReader, folder: URL) -> EnclaveSpec {
        let image: EnclaveImage
        if let reference = node["image"].optionalString("oci") {
            image = .oci(reference: reference)
        } else {
            let dockerfile = node["image"].string("dockerfile")
            let defaultContext = (dockerfile as NSString).deletingLastPathComponent
            image = .dockerfile(path: dockerfile, context: node["image"].optionalString("context")
                ?? (defaultContext.isEmpty ? "." : defaultContext))
        }
        let processor: Processor = node["processor"]["exec"].isPresent
            ? .exec(argv: node["processor"]["exec"].strings("argv"))
            : .http(httpProcessor(node["processor"]["http"], folder: folder))
        let measurements = node.string("measurements")
        let certificate = node.optionalString("signingCertificate")
        return EnclaveSpec(
            instanceType: node.string("instanceType"),
            vcpus: node.int("vcpus"),
            memoryMiB: node.int("memoryMiB"),
            debug: node.bool("debug"),
            image: image,
            processor: processor,
            jobTimeoutSeconds: node.int("jobTimeoutSeconds"),
            model: node["model"].isPresent ? ModelArtifact(bucket: node["model"].string("bucket"), key: node["model"].string("key")) : nil,
            measurementsPath: measurements,
            measurementsURL: resolve(measurements, against: folder),
            extraAllowedPCR0: node.strings("extraAllowedPCR0"),
            signingCertificatePath: certificate,
            signingCertificateURL: certificate.map { resolve($0, against: folder) })
    }

    private static func httpProcessor(_ node: ValueReader, folder: URL) -> HTTPProcessor {
        let devCommand = node.optionalStrings("devCommand")
        return HTTPProcessor(
            url: node.string("url"),
            command: node.optionalStrings("command"),
            devCommand: devCommand,
            resolvedDevCommand: devCommand.map { resolveProgram($0, against: folder) })
    }

    /// A development argv whose program is a relative path (`bin/server`, `./serve`) runs from the spec's folder,
    /// whatever the current directory; a bare name (`nitroforge-example`) stays a `PATH` lookup, as a shell does.
    static func resolveProgram(_ argv: [String], against folder: URL) -> [String] {
        guard let program = argv.first, program.contains("/"), !program.hasPrefix("/") else { return argv }
        return [resolve(program, against: folder).path] + argv.dropFirst()
    }

    /// A path from the spec: absolute as written, otherwise relative to the spec file's folder.
    static func resolve(_ path: String, against folder: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL
            : folder.appendingPathComponent(path).standardizedFileURL
    }
}
