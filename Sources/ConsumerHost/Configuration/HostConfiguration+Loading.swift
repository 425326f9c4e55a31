import Foundation
import JobProtocol
import NitroForgeSpec
import NitroFormats

extension HostConfiguration {
    /// Reads and checks `path`; `AWS_REGION` in `environment` replaces the file's region.
    /// - Throws: `SpecLoadError` with every problem, each as `FILE:LINE:COLUMN: field: what; allowed`.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(SpecLoadError) -> HostConfiguration {
        let (text, _) = try DescribedYAML.read(
            path: path, what: "configuration", allowed: "a readable UTF-8 YAML file, such as the generated host/host.yaml")
        return try load(yaml: text, file: path, environment: environment)
    }

    /// Checks configuration text; `file` names it in messages. The generated file still holds Terraform
    /// placeholders until `templatefile()` fills them: those are reported as such, not as format mistakes.
    public static func load(yaml: String, file: String, environment: [String: String] = [:]) throws(SpecLoadError) -> HostConfiguration {
        let scan = ConfigurationScan(yaml: yaml, file: file)
        let placeholders = scan.unresolvedPlaceholders
        let tree: JSONValue
        do {
            tree = try DescribedYAML.load(yaml: yaml, file: file, shape: HostConfigurationDescription.root)
        } catch {
            let placeholderLines = Set(placeholders.map(\.line))
            throw SpecLoadError(issues: placeholders + error.issues.filter { !placeholderLines.contains($0.line) })
        }
        guard placeholders.isEmpty else { throw SpecLoadError(issues: placeholders) }
        var configuration = try decode(tree, scan: scan)
        if let region = environment["AWS_REGION"], !region.isEmpty { configuration.region = region }
        return configuration
    }

    /// Builds the typed values from a tree the checker accepted (every required value present and valid).
    static func decode(_ tree: JSONValue, scan: ConfigurationScan) throws(SpecLoadError) -> HostConfiguration {
        let queue = tree["queue"], storage = tree["storage"], enclave = tree["enclave"], logs = tree["logs"], model = tree["model"]
        var issues: [SpecIssue] = []
        func address(_ name: String) -> EnclaveAddress? {
            guard let text = enclave?[name]?.stringValue else { return nil }
            guard let address = EnclaveAddress(text) else {
                issues.append(scan.issue(at: ["enclave", name], "\(text) is out of range",
                                         allowed: "a CID and port of at most 4294967295, a TCP port of at most 65535"))
                return nil
            }
            return address
        }
        let configuration = HostConfiguration(
            app: tree["app"]?.stringValue ?? "",
            region: tree["region"]?.stringValue ?? "",
            queue: Queue(url: queue?["url"]?.stringValue ?? "", waitTimeSeconds: queue?["waitTimeSeconds"]?.intValue ?? 20,
                         maxMessages: queue?["maxMessages"]?.intValue ?? 10,
                         visibilityTimeoutSeconds: queue?["visibilityTimeoutSeconds"]?.intValue ?? 0,
                         maxReceiveCount: queue?["maxReceiveCount"]?.intValue),
            storage: Storage(bucket: storage?["bucket"]?.stringValue ?? "", jobsPrefix: storage?["jobsPrefix"]?.stringValue ?? "jobs/",
                             resultsPrefix: storage?["resultsPrefix"]?.stringValue ?? "results/",
                             storeResults: storage?["storeResults"]?.boolValue ?? true,
                             deleteInputAfterResult: storage?["deleteInputAfterResult"]?.boolValue ?? false,
                             storageKeyArn: storage?["storageKeyArn"]?.stringValue,
                             maxObjectBytes: storage?["maxObjectBytes"]?.intValue ?? 0),
            enclave: Enclave(cid: UInt32(enclave?["cid"]?.intValue ?? 16), jobsPort: UInt32(enclave?["jobsPort"]?.intValue ?? 5005),
                             logsPort: UInt32(enclave?["logsPort"]?.intValue ?? 5006),
                             jobTimeoutSeconds: enclave?["jobTimeoutSeconds"]?.intValue ?? 0,
                             maxConcurrentJobs: enclave?["maxConcurrentJobs"]?.intValue ?? Enclave.defaultMaxConcurrentJobs,
                             address: address("address"), logsAddress: address("logsAddress")),
            logs: Logs(hostLogGroup: logs?["hostLogGroup"]?.stringValue, enclaveLogGroup: logs?["enclaveLogGroup"]?.stringValue),
            metrics: Metrics(namespace: tree["metrics"]?["namespace"]?.stringValue ?? "NitroForge"),
            model: model.map { Model(bucket: $0["bucket"]?.stringValue ?? "", key: $0["key"]?.stringValue ?? "") })
        guard issues.isEmpty else { throw SpecLoadError(issues: issues) }
        return configuration
    }
}
