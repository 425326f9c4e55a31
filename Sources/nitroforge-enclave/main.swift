import AWSCore
import Attestation
import ConsumerEnclave
import Foundation
import JobProtocol
import Logging

/// nitroforge-enclave: the enclave image's only entrypoint. It links no argument parser (ARCHITECTURE.md
/// keeps the enclave's code to what it needs), so its two options are read here.
let usage = """
    USAGE: nitroforge-enclave [--config PATH] [--check-config]

    Runs inside a Nitro Enclave as root: opens /dev/nsm, brings up loopback, forwards KMS's TLS to the
    parent's vsock-proxy (CID 3, port 8000), starts the processor as an unprivileged user, and serves
    jobs on vsock port vsock.jobsPort. Log records go to the host agent on vsock port vsock.logsPort.

    OPTIONS:
      --config PATH     The enclave configuration (default /etc/nitroforge/enclave.json).
      --check-config    Read and check the configuration, print a summary, and exit.

    EXAMPLE:
      nitroforge-enclave --config /etc/nitroforge/enclave.json

    For development on a machine without Nitro, use nitroforge-enclave-dev.
    """

var configPath = "/etc/nitroforge/enclave.json"
var checkOnly = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--config":
        guard let value = arguments.next() else { FileHandle.standardError.write(Data("--config needs a path\n".utf8)); exit(2) }
        configPath = value
    case "--check-config": checkOnly = true
    case "--help", "-h": print(usage); exit(0)
    default: FileHandle.standardError.write(Data("unknown argument \(argument)\n\n\(usage)\n".utf8)); exit(2)
    }
}

let configuration: EnclaveConfiguration
do { configuration = try EnclaveConfiguration.load(path: configPath) } catch {
    FileHandle.standardError.write(Data("nitroforge-enclave: \(error)\n".utf8))
    exit(2)
}
if checkOnly {
    print("\(configPath): app \(configuration.app), account \(configuration.accountId ?? "(not named)"), region \(configuration.region), processor \(configuration.processor)")
    exit(0)
}

let sink = EnclaveLogSink()
LoggingSystem.bootstrap { sink.handler(label: $0) }
let logger = Logger(label: "nitroforge-enclave")
do {
    let nsm = try NSMDevice()
    try EnclaveNetwork.bringUpLoopback()
    try EnclaveNetwork.resolveToLoopback(configuration.kms.host)
    let forwarder = KMSForwarder(listen: .tcp(host: "127.0.0.1", port: configuration.kms.port),
                                 upstream: .vsock(cid: configuration.kms.parentProxyCid, port: configuration.kms.parentProxyPort))
    let runtime = EnclaveRuntime(configuration: configuration, environment: .init(
        nsm: nsm, jobsAddress: .vsock(cid: UInt32.max, port: configuration.vsock.jobsPort),
        logsAddress: .vsock(cid: EnclaveAddress.parentCID, port: configuration.vsock.logsPort),
        kmsEndpoint: try AWSEndpoint(url: "https://\(configuration.kms.host):\(configuration.kms.port)"),
        kmsHTTPClient: try EnclaveRuntime.kmsClient(caBundle: configuration.kms.caBundle)))
    try await TerminationSignals.cancelling {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await forwarder.run() }
            group.addTask { try await runtime.run(sink: sink, logger: logger) }
        }
    }
} catch {
    logger.critical("nitroforge-enclave stopped", metadata: ["error": "\(error)"])
    exit(1)
}
