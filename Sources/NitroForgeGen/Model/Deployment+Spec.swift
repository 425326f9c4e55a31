import Foundation
import NitroForgeSpec
import NitroFormats

extension Deployment {
    /// The deployment a validated spec describes, bound to the enclave's measurements when they exist.
    /// - Parameters:
    ///   - spec: the loaded spec (defaults applied).
    ///   - measurements: `measurements.json`, nil before the image is built.
    ///   - outputDirectory: where the output goes; the README and build script name the spec relative to it.
    /// - Throws: `GeneratorError.zeroPCRWithoutDebug` for a debug-mode measurement without `debug: true`.
    public init(spec: Spec, measurements: Measurements?, outputDirectory: URL) throws {
        if let measurements, !spec.enclave.debug, Measurements.isZero(measurements.pcr0) {
            throw GeneratorError.zeroPCRWithoutDebug("PCR0 in \(spec.enclave.measurementsPath)")
        }
        let producer = spec.producer
        let auth: Producer.Auth
        switch producer.auth {
        case .oidc(let oidc): auth = .oidc(issuer: oidc.issuer, audience: oidc.audience, jwksURL: oidc.jwksUrl, requiredScope: oidc.requiredScope)
        case .apiKeys(let keys): auth = .apiKeys(keys.map { (name: $0.name, sha256: $0.sha256) })
        }
        let tls: Producer.TLS
        switch producer.tls {
        case .none: tls = .none
        case .selfSigned: tls = .selfSigned
        case .files(let certificateFile, let privateKeyFile): tls = .files(certificateFile: certificateFile, privateKeyFile: privateKeyFile)
        }
        let image: Enclave.Image
        switch spec.enclave.image {
        case .dockerfile(let path, let context): image = .dockerfile(path: path, context: context)
        case .oci(let reference): image = .oci(reference: reference)
        }
        let processor: Enclave.Processor
        switch spec.enclave.processor {
        case .http(let http): processor = .http(url: http.url, command: http.command)
        case .exec(let argv): processor = .exec(argv: argv)
        }
        self.init(
            name: spec.name, region: spec.region, accountId: spec.accountId, tags: spec.tags,
            network: spec.network.mode == .create
                ? .create(cidr: spec.network.cidr, availabilityZones: spec.network.availabilityZones)
                : .existing(vpcId: spec.network.vpcId ?? "", privateSubnetIds: spec.network.privateSubnetIds,
                            publicSubnetIds: spec.network.publicSubnetIds),
            egress: spec.network.egress == .nat ? .nat : .endpointsOnly,
            producer: Producer(
                port: producer.port, auth: auth, maxPayloadBytes: Int(producer.maxPayloadBytes), placement: producer.runsOn == .ec2 ? .ec2 : .external,
                ingress: producer.ingress.map {
                    Producer.Ingress(isPublic: $0.scheme == .public, certificateArn: $0.certificateArn, wafRateLimit: $0.wafRateLimit)
                },
                instanceType: "c6i.large",
                tls: tls,
                limits: Producer.Limits(
                    requestsPerMinutePerPrincipal: producer.limits.requestsPerMinutePerPrincipal,
                    maxConcurrentRequests: producer.limits.maxConcurrentRequests,
                    requestTimeoutSeconds: producer.limits.requestTimeoutSeconds)
            ),
            storage: Storage(
                bucketName: spec.storage.bucketName,
                objectLock: spec.storage.objectLock.map { (mode: $0.mode == .compliance ? .compliance : .governance, days: $0.retentionDays) },
                lifecycleDays: spec.storage.lifecycleDays, accessLogging: spec.storage.accessLogging
            ),
            queue: Queue(
                name: spec.queue.name, visibilityTimeoutSeconds: spec.queue.visibilityTimeoutSeconds,
                maxReceiveCount: spec.queue.maxReceiveCount, retentionSeconds: spec.queue.retentionSeconds
            ),
            kms: KeyManagement(
                rotation: spec.kms.rotation, deletionWindowDays: spec.kms.deletionWindowDays,
                administratorArns: spec.kms.administrators, resultReaderArns: spec.kms.resultReaders,
                modelPublisherArn: spec.kms.modelPublisher
            ),
            enclave: Enclave(
                instanceType: spec.enclave.instanceType, cpuCount: spec.enclave.vcpus, memoryMiB: spec.enclave.memoryMiB,
                debug: spec.enclave.debug, image: image, processor: processor,
                modelArtifact: spec.enclave.model.map { (bucket: $0.bucket, key: $0.key) },
                measurementsPath: spec.enclave.measurementsPath, extraPCR0: spec.enclave.extraAllowedPCR0,
                signingCertificatePath: spec.enclave.signingCertificatePath, jobTimeoutSeconds: spec.enclave.jobTimeoutSeconds
            ),
            scaling: Scaling(min: spec.scaling.min, max: spec.scaling.max, targetBacklogPerInstance: spec.scaling.targetBacklogPerInstance),
            results: Results(store: spec.results.store, prefix: spec.results.prefix, deleteInputAfterResult: spec.storage.deleteInputAfterResult),
            monitoring: Monitoring(
                alarms: spec.monitoring.alarms, cloudTrail: spec.monitoring.cloudTrail, snsTopicArn: spec.monitoring.snsTopicArn,
                alarmEmail: spec.monitoring.alarmEmail, logRetentionDays: 365
            ),
            measurements: measurements.map { Measured(pcr0: $0.pcr0, pcr1: $0.pcr1, pcr2: $0.pcr2, pcr8: $0.pcr8) },
            specPath: Self.relativePath(from: outputDirectory, to: spec.sourceFile)
        )
    }

    /// `target` relative to `directory` (`../examples/inference/nitroforge.yaml`).
    static func relativePath(from directory: URL, to target: URL) -> String {
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let path = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < base.count, common < path.count, base[common] == path[common] { common += 1 }
        return (Array(repeating: "..", count: base.count - common) + path[common...]).joined(separator: "/")
    }
}
