import AWSCore
import AWSKMS
import AWSLogs
import AWSS3
import AWSSQS
import Envelope
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Assembles the producer from its configuration: AWS clients from the environment (`AWS_ENDPOINT_URL`
/// points them at moto), the authenticator the `auth:` choice names, the routes, TLS, and the limits.
public struct ProducerServer: Sendable {
    public let configuration: ProducerConfiguration
    public let authenticator: any Authenticator
    public let metrics = ProducerMetrics()
    let routes: ProducerRoutes

    public init(configuration: ProducerConfiguration, authenticator: any Authenticator,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var variables = environment
        variables["AWS_REGION"] = configuration.region
        let aws = AWSEnvironment(variables)
        let kms = try KMSClient.fromEnvironment(aws)
        let s3 = try S3Client.fromEnvironment(aws)
        let sqs = try SQSClient.fromEnvironment(aws)
        let storage = configuration.storage
        let envelope = EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [configuration.encryption.dataKey]))
        self.configuration = configuration
        self.authenticator = authenticator
        routes = ProducerRoutes(
            configuration: configuration, authenticator: authenticator,
            submitter: JobSubmitter(configuration: configuration, envelope: envelope, s3: s3, sqs: sqs, metrics: metrics),
            idempotency: IdempotencyStore(s3: s3, bucket: storage.bucket, prefix: storage.jobsPrefix, storageKeyArn: storage.storageKeyArn,
                                          staleAfter: TimeInterval(configuration.limits.requestTimeoutSeconds + 60)),
            lookup: JobStatusLookup(s3: s3, bucket: storage.bucket, jobsPrefix: storage.jobsPrefix),
            readiness: Readiness(kms: kms, s3: s3, sqs: sqs, configuration: configuration),
            metrics: metrics, rateLimiter: RateLimiter(requestsPerMinute: configuration.limits.requestsPerMinutePerPrincipal),
            gate: ConcurrencyGate(limit: configuration.limits.maxConcurrentRequests))
    }

    /// The authenticator the configuration's `auth:` names.
    public static func authenticator(for auth: ProducerConfiguration.Auth) -> any Authenticator {
        switch auth {
        case .apiKeys(let keys): APIKeyAuthenticator(keys: keys)
        case .oidc(let oidc): OIDCAuthenticator(configuration: oidc)
        }
    }

    /// Idle connections (a client that stops sending) are closed after this long.
    static let slowClientTimeout: TimeAmount = .seconds(60)

    /// The application: serves until SIGTERM or SIGINT, then stops accepting and lets requests in flight finish.
    /// `onRunning` receives the bound port (0 in the configuration picks a free one).
    public func application(logger: Logger, logShipper: LogShipper? = nil,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = Router()
        routes.register(on: router)
        let listen = configuration.listen
        let http1 = HTTP1Channel.Configuration(idleTimeout: Self.slowClientTimeout)
        var server = HTTPServerBuilder.http1(configuration: http1)
        if let tls = try ProducerTLS.configuration(listen.tls, host: listen.host) {
            logger.info("TLS certificate", metadata: ["sha256": "\(tls.fingerprint)", "source": "\(listen.tls == .selfSigned ? "self-signed" : "files")"])
            let holder = try TLSContextHolder(tls, source: listen.tls, host: listen.host)
            server = holder.serverBuilder(http1: http1)
            if case .files = listen.tls { holder.reloadOnHangUp(logger: logger) }
        }
        return Application(
            router: router, server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            services: logShipper.map { [LogShipperService(shipper: $0)] } ?? [],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? listen.port) },
            logger: logger)
    }
}
