import AWSCore
import AWSLogs
import ArgumentParser
import Foundation
import Logging
import NitroForgeSpec
import Producer

/// `nitroforge-producer`: the HTTP API that encrypts jobs into S3 and queues them (ARCHITECTURE.md steps 1–4).
@main
struct ProducerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nitroforge-producer",
        abstract: "Serve the job API: authenticate, encrypt each body with KMS into S3, queue the job on SQS.",
        discussion: """
            Reads the file `nitroforge generate` writes as host/producer.yaml (installed as /etc/nitroforge/producer.yaml).
            AWS region, endpoint and credentials come from the environment (AWS_REGION, AWS_ENDPOINT_URL, the
            default credential chain). Logs are JSON lines on standard output, and in CloudWatch Logs when the
            configuration names a log group. SIGTERM or SIGINT: stop accepting, finish the uploads in flight, exit.

            Examples:
              nitroforge-producer --config /etc/nitroforge/producer.yaml
              nitroforge-producer --config producer.yaml --check-config
              AWS_ENDPOINT_URL=http://127.0.0.1:5000 nitroforge-producer --config dev.producer.yaml
            """)

    @Option(name: .long, help: "The producer configuration (YAML).")
    var config: String = "/etc/nitroforge/producer.yaml"

    @Flag(name: .long, help: "Check the configuration, report every problem as FILE:LINE:COLUMN, and exit (1 when it has problems).")
    var checkConfig = false

    @Flag(name: .long, help: "Print the API's OpenAPI 3.1 document and exit.")
    var openapi = false

    func run() async throws {
        if openapi {
            print(ProducerOpenAPI.document)
            return
        }
        let configuration: ProducerConfiguration
        do {
            configuration = try ProducerConfiguration.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        if checkConfig {
            print("\(config): valid")
            return
        }
        let environment = AWSEnvironment()
        let shipper = try configuration.logs.map { logs in
            let stream = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
            return LogShipper(client: try CloudWatchLogsClient.fromEnvironment(environment),
                              configuration: LogShipperConfiguration(group: logs.logGroup, stream: stream))
        }
        LoggingSystem.bootstrap { label in JSONLineLogHandler(label: label, shipper: shipper) }
        let logger = Logger(label: "nitroforge-producer")
        do {
            let server = try ProducerServer(configuration: configuration, authenticator: ProducerServer.authenticator(for: configuration.auth))
            let application = try server.application(logger: logger, logShipper: shipper) { port in
                logger.info("listening", metadata: ["host": "\(configuration.listen.host)", "port": "\(port)"])
            }
            try await application.runService()
        } catch {
            logger.error("producer stopped", metadata: ["error": "\(error)"])
            throw ExitCode(3)
        }
    }
}
