import AWSCore
import AWSS3
import AWSSQS
import JobProtocol
import Logging
import ServiceLifecycle

/// The host agent (ARCHITECTURE.md, data path step 5): long-polls the jobs queue and hands each message to a
/// `MessageHandler`, with at most `enclave.maxConcurrentJobs` in flight. On graceful shutdown (SIGTERM) it
/// stops receiving, lets the jobs in flight finish, and returns; a hard stop leaves their messages to
/// reappear after the visibility timeout. With a model configured, the model reaches the enclave before the
/// first receive, since every job would be refused without it.
public struct HostAgent: Service {
    let configuration: HostConfiguration
    let sqs: SQSClient
    let handler: MessageHandler
    let models: ModelDelivery?
    let logger: Logger

    /// - Parameters:
    ///   - credentials: the host's own provider (the instance role through IMDSv2 on EC2): what the
    ///     enclave borrows for each job's KMS calls.
    public init(configuration: HostConfiguration, sqs: SQSClient, s3: S3Client, credentials: any CredentialProvider,
                transport: JobTransport = JobTransport(), logger: Logger) {
        self.configuration = configuration
        self.sqs = sqs
        self.logger = logger
        let store = ResultStore(s3: s3, storage: configuration.storage)
        let runner = JobRunner(configuration: configuration, s3: s3, credentials: credentials, transport: transport, store: store,
                               logger: logger)
        let models = configuration.model.map { model in
            ModelDelivery(sender: ModelSender(model: model, app: configuration.app, address: configuration.enclave.jobsAddress, s3: s3,
                                              credentials: credentials, transport: transport),
                          logger: logger)
        }
        self.models = models
        handler = MessageHandler(configuration: configuration, sqs: sqs, runner: runner, store: store, models: models, logger: logger)
    }

    public func run() async throws {
        let slots = JobSlots(configuration.enclave.maxConcurrentJobs)
        logger.info("host agent started", metadata: [
            "queue": "\(configuration.queue.url)", "enclave": "\(configuration.enclave.jobsAddress)",
            "maxConcurrentJobs": "\(configuration.enclave.maxConcurrentJobs)",
        ])
        await withGracefulShutdownHandler {
            if let models {
                try? await cancelWhenGracefulShutdown { await models.deliver() }
                guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            }
            await receiveLoop(slots: slots)
        } onGracefulShutdown: {
            logger.info("host agent draining: no more receives, jobs in flight finish")
            Task { await slots.interrupt() }
        }
        logger.info("host agent stopped")
    }

    /// Receives while not shutting down; returns once every job it started has finished.
    private func receiveLoop(slots: JobSlots) async {
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                let free = await slots.available()
                guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
                guard free > 0 else { continue }
                let messages: [SQSMessage]
                do {
                    messages = try await cancelWhenGracefulShutdown {
                        try await sqs.receiveMessages(queueURL: configuration.queue.url,
                                                      maxMessages: min(configuration.queue.maxMessages, free),
                                                      waitSeconds: configuration.queue.waitTimeSeconds)
                    }
                } catch {
                    if Task.isShuttingDownGracefully || Task.isCancelled { break }
                    logger.error("receive failed; retrying", metadata: ["reason": "\(error)"])
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) }
                    continue
                }
                for message in messages {
                    await slots.take()
                    group.addTask {
                        await handler.handle(message)
                        await slots.release()
                    }
                }
            }
        }
    }
}
