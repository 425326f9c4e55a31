import AWSCore
import AWSLogs
import AWSS3
import AWSSQS
import Foundation

/// The AWS clients of one host, built from its configuration and environment: the configuration's region
/// (the environment's `AWS_REGION` already applied at load), endpoints from `AWS_ENDPOINT_URL*`, and one
/// cached credential provider (the default chain: IMDSv2 on EC2) shared by the clients and lent to the enclave.
public struct HostClients: Sendable {
    public let credentials: any CredentialProvider
    public let sqs: SQSClient
    public let s3: S3Client
    public let logs: CloudWatchLogsClient

    public init(configuration: HostConfiguration, environment: AWSEnvironment = AWSEnvironment()) throws {
        let credentials = CachedCredentialProvider(DefaultCredentialChain(environment: environment))
        let retry = RetryConfiguration.fromEnvironment(environment.variables)
        func client(_ service: AWSService) throws -> AWSClient {
            AWSClient(service: service, region: configuration.region, endpoint: try environment.customEndpoint(for: service),
                      credentials: credentials, retry: retry)
        }
        self.credentials = credentials
        sqs = SQSClient(client: try client(.sqs))
        s3 = S3Client(client: try client(.s3))
        logs = CloudWatchLogsClient(client: try client(.logs))
    }

    /// A shipper to `group`, one stream per host process.
    public func shipper(group: String?) -> LogShipper? {
        group.map { group in
            let stream = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
            return LogShipper(client: logs, configuration: LogShipperConfiguration(group: group, stream: stream))
        }
    }
}
