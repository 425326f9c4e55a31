import AWSCore
import AsyncHTTPClient
import Attestation
import JobProtocol
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Starts the agent from its configuration: the processor (and its supervisor), the recipient key pair,
/// the log sink and the jobs listener. The production executable and the development one differ only in
/// the `Environment` they pass: where the NSM is, how KMS is reached, and which addresses to use.
public struct EnclaveRuntime: Sendable {
    public struct Environment: Sendable {
        public var nsm: any NSMTransport
        public var jobsAddress: EnclaveAddress
        /// Where the host agent listens for log records; nil writes them to standard error only.
        public var logsAddress: EnclaveAddress?
        /// KMS's endpoint and the HTTP client that reaches it.
        public var kmsEndpoint: AWSEndpoint
        public var kmsHTTPClient: HTTPClient
        /// false runs processors as this process's own user (development, where no `nitroforge` account
        /// exists); an enclave always drops to the configured user.
        public var dropsPrivileges: Bool

        public init(nsm: any NSMTransport, jobsAddress: EnclaveAddress, logsAddress: EnclaveAddress?, kmsEndpoint: AWSEndpoint,
                    kmsHTTPClient: HTTPClient, dropsPrivileges: Bool = true) {
            self.nsm = nsm
            self.jobsAddress = jobsAddress
            self.logsAddress = logsAddress
            self.kmsEndpoint = kmsEndpoint
            self.kmsHTTPClient = kmsHTTPClient
            self.dropsPrivileges = dropsPrivileges
        }
    }

    public let configuration: EnclaveConfiguration
    public let environment: Environment

    public init(configuration: EnclaveConfiguration, environment: Environment) {
        self.configuration = configuration
        self.environment = environment
    }

    /// The HTTP client for KMS inside an enclave: it trusts the image's CA bundle and nothing else.
    public static func kmsClient(caBundle: String) throws -> HTTPClient {
        var configuration = HTTPClient.Configuration.aws()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caBundle)
        configuration.tlsConfiguration = tls
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs until cancelled. `onListening` gets the jobs port (TCP) once jobs are accepted.
    public func run(sink: EnclaveLogSink, logger: Logger, onListening: @escaping @Sendable (Int?) -> Void = { _ in }) async throws {
        let user = environment.dropsPrivileges ? try ProcessUser.dropping(to: processorUser) : nil
        if user == nil { logger.notice("processors run as the agent's own user") }
        if configuration.accountId == nil {
            logger.warning("enclave.json names no accountId: key aliases are checked for their region only; name the account in the spec")
        }
        // In an enclave the model goes to its memory-backed /run; elsewhere to a folder of this process's own.
        let models = environment.dropsPrivileges ? ModelStore.enclave(owner: user) : ModelStore.privateTemporary()
        let processor: any Processor
        var supervisor: ProcessorSupervisor?
        switch configuration.processor {
        case .exec(let argv):
            processor = ExecProcessor(argv: argv, user: user)
        case .http(let http):
            processor = HTTPProcessor(url: http.url, startupWait: configuration.requiresModel && http.command != nil ? .seconds(60) : nil)
            if let command = http.command {
                supervisor = ProcessorSupervisor(argv: command, user: user, url: http.url, logger: logger,
                                                 models: configuration.requiresModel ? models : nil)
            }
        }
        let context = EnclaveContext(
            configuration: configuration, nsm: NSMClient(transport: environment.nsm), keyPair: try RecipientKeyPair(),
            processor: processor, kmsEndpoint: environment.kmsEndpoint, httpClient: environment.kmsHTTPClient, logger: logger,
            models: models)
        try await withThrowingDiscardingTaskGroup { group in
            if let logs = environment.logsAddress {
                group.addTask { await sink.run(to: logs) }
            }
            if let supervisor {
                group.addTask { await supervisor.run() }
            }
            // Without a model the server must answer before jobs are taken; with one, jobs must be taken
            // first (the model arrives as one) and are refused as unavailable until it has.
            if let supervisor, !configuration.requiresModel {
                try await ProcessorSupervisor.waitUntilAnswering(supervisor.url, timeout: .seconds(120))
                logger.info("processor answering", metadata: ["url": "\(supervisor.url)"])
            }
            group.addTask {
                try await EnclaveAgent(context: context).run(on: environment.jobsAddress, onListening: onListening)
            }
        }
    }

    private var processorUser: String {
        if case .http(let http) = configuration.processor, let user = http.user { return user }
        return ProcessorConfiguration.defaultUser
    }
}
