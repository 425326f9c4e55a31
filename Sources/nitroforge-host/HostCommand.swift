import AWSCore
import AWSLogs
import ArgumentParser
import ConsumerHost
import Foundation
import Logging
import ServiceLifecycle

/// `nitroforge-host`: the agent on the parent instance that moves ciphertext between SQS/S3 and the enclave
/// (ARCHITECTURE.md, data path step 5).
@main
struct HostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nitroforge-host",
        abstract: "Run the host agent: receive jobs from SQS, stream them to the enclave, store its encrypted results.",
        discussion: """
            Reads the file `nitroforge generate` writes as host/host.yaml (installed as /etc/nitroforge/host.yaml,
            its Terraform placeholders filled at apply time). AWS endpoints and credentials come from the
            environment (AWS_ENDPOINT_URL, the default credential chain: IMDSv2 on EC2); the credentials are lent
            to the enclave for each job's KMS calls. Logs are JSON lines on standard output (the enclave's with
            "source":"enclave"), and in CloudWatch Logs when the configuration names log groups. SIGTERM or SIGINT:
            stop receiving, finish the jobs in flight, exit.

            Examples:
              nitroforge-host --config /etc/nitroforge/host.yaml
              nitroforge-host --config host.yaml --check-config
            """)

    @Option(name: .long, help: "The host configuration (YAML).")
    var config: String = "/etc/nitroforge/host.yaml"

    @Flag(name: .long, help: "Check the configuration, report every problem as FILE:LINE:COLUMN, and exit (1 when it has problems).")
    var checkConfig = false

    func run() async throws {
        let configuration: HostConfiguration
        do {
            configuration = try HostConfiguration.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        if checkConfig {
            print("\(config): valid")
            return
        }
        let clients: HostClients
        do {
            clients = try HostClients(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("nitroforge-host: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let hostShipper = clients.shipper(group: configuration.logs.hostLogGroup)
        let enclaveShipper = clients.shipper(group: configuration.logs.enclaveLogGroup)
        LoggingSystem.bootstrap { label in JSONLineLogHandler(label: label, shipper: hostShipper) }
        let logger = Logger(label: "nitroforge-host")
        let agent = HostAgent(configuration: configuration, sqs: clients.sqs, s3: clients.s3, credentials: clients.credentials,
                              logger: logger)
        let receiver = EnclaveLogReceiver(address: configuration.enclave.logsListenAddress, shipper: enclaveShipper, logger: logger)
        // Services stop in reverse order: the agent drains first, then the log listener, then the shippers send the rest.
        let shippers: [any Service] = [hostShipper, enclaveShipper].compactMap { $0 }.map { HostLogShipperService(shipper: $0) }
        let group = ServiceGroup(configuration: .init(
            services: (shippers + [receiver, agent]).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("host agent stopped", metadata: ["error": "\(error)"])
            throw ExitCode(3)
        }
    }
}
