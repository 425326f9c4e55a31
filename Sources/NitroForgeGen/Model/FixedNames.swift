/// The names later parts of nitroforge rely on (ARCHITECTURE.md, "Fixed names"): executables, paths,
/// the enclave's CID and vsock ports. The generated files are the runtimes' contract, so they come from here.
public enum FixedNames {
    public static let hostExecutable = "/usr/local/bin/nitroforge-host"
    public static let producerExecutable = "/usr/local/bin/nitroforge-producer"
    public static let enclaveExecutable = "/usr/local/bin/nitroforge-enclave"
    public static let configDirectory = "/etc/nitroforge"
    public static let hostConfig = "/etc/nitroforge/host.yaml"
    public static let producerConfig = "/etc/nitroforge/producer.yaml"
    public static let enclaveConfig = "/etc/nitroforge/enclave.json"
    public static let installDirectory = "/opt/nitroforge"
    public static let eifPath = "/opt/nitroforge/enclave.eif"
    /// The unprivileged user the enclave agent runs every processor as (ConsumerEnclave's default); the
    /// generated Dockerfile creates it and enclave.json names it.
    public static let processorUser = "nitroforge"
    public static let enclaveCID = 16
    public static let jobsPort = 5005
    public static let logsPort = 5006
    public static let vsockProxyPort = 8000
    /// The account shown in review policies when the spec names none (AWS's documentation account).
    public static let reviewAccount = "111122223333"
    /// The CloudWatch namespace of the runtimes' metrics.
    public static let metricsNamespace = "NitroForge"
}
