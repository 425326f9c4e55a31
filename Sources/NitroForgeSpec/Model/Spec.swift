import Foundation
import NitroFormats

/// A validated `nitroforge.yaml` (apiVersion nitroforge/v1) with every default applied.
/// Build it with `SpecLoader.load(path:)`; every value here has passed the spec's rules.
public struct Spec: Sendable, Hashable, Codable {
    public var name: String
    public var region: String
    /// The account id, when the spec names one.
    public var accountId: String?
    public var network: NetworkSpec
    public var producer: ProducerSpec
    public var storage: StorageSpec
    public var queue: QueueSpec
    public var kms: KMSSpec
    public var enclave: EnclaveSpec
    public var scaling: ScalingSpec
    public var results: ResultsSpec
    public var monitoring: MonitoringSpec
    public var tags: [String: String]
    /// The spec file it was loaded from; relative paths in the spec are relative to its folder.
    public var sourceFile: URL
    /// The measurements file's content when `enclave.measurements` exists.
    public var measurements: Measurements?
    /// Located advice from loading: nothing invalid, but likely not what was meant (`validate` and `generate`
    /// print it). Each reads as `FILE:LINE:COLUMN: what; what to do`.
    public var warnings: [SpecIssue]

    public init(
        name: String,
        region: String,
        accountId: String? = nil,
        network: NetworkSpec,
        producer: ProducerSpec,
        storage: StorageSpec,
        queue: QueueSpec,
        kms: KMSSpec,
        enclave: EnclaveSpec,
        scaling: ScalingSpec,
        results: ResultsSpec,
        monitoring: MonitoringSpec,
        tags: [String: String],
        sourceFile: URL,
        measurements: Measurements? = nil,
        warnings: [SpecIssue] = []
    ) {
        self.name = name
        self.region = region
        self.accountId = accountId
        self.network = network
        self.producer = producer
        self.storage = storage
        self.queue = queue
        self.kms = kms
        self.enclave = enclave
        self.scaling = scaling
        self.results = results
        self.monitoring = monitoring
        self.tags = tags
        self.sourceFile = sourceFile
        self.measurements = measurements
        self.warnings = warnings
    }

    /// The account for ARNs: the spec's, or the documentation placeholder `111122223333`.
    public var accountForARNs: String { accountId ?? "111122223333" }

    /// Every PCR0 the data key accepts: the measured one (when known) and the extra ones, without repeats.
    public var allowedPCR0: [String] {
        var values: [String] = []
        for value in [measurements?.pcr0].compactMap({ $0 }) + enclave.extraAllowedPCR0 where !values.contains(value) {
            values.append(value)
        }
        return values
    }
}
