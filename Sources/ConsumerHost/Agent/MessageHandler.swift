import AWSSQS
import JobProtocol
import Logging

/// Takes one SQS message from receipt to deletion (or to its next receive). The order is what makes the
/// pipeline at-least-once without duplicates: the message is deleted only after the result is stored under
/// a key derived from the job id, and every failure leaves the message for a retry and, after
/// `maxReceiveCount` receives, for the DLQ.
struct MessageHandler: Sendable {
    let configuration: HostConfiguration
    let sqs: SQSClient
    let runner: JobRunner
    let store: ResultStore
    /// Set when a model is configured: a job answered `unavailable` sends it again.
    let models: ModelDelivery?
    let logger: Logger

    var decoder: JobMessageDecoder {
        JobMessageDecoder(jobsPrefix: configuration.storage.jobsPrefix, maxObjectBytes: configuration.storage.maxObjectBytes,
                          bucket: configuration.storage.bucket)
    }

    func handle(_ message: SQSMessage) async {
        let received = ContinuousClock.now
        let receiveCount = Int(message.systemAttributes["ApproximateReceiveCount"] ?? "") ?? 1
        var logger = logger
        logger[metadataKey: "messageId"] = "\(message.messageID)"
        let job: JobMessage
        do {
            job = try decoder.decode(message.body)
        } catch {
            // Not deleted and never sent on: its receive count takes it to the DLQ. The body is not logged.
            logger.warning("job message refused", metadata: [
                "field": "\(error.field?.rawValue ?? "body")", "reason": "\(error)", "receiveCount": "\(receiveCount)",
            ])
            return
        }
        logger[metadataKey: "jobId"] = "\(job.jobID.text)"
        logger.info("job received", metadata: ["size": "\(job.size)", "receiveCount": "\(receiveCount)"])

        let outcome: Result<JobRunner.Completed, HostJobError>
        do {
            outcome = .success(try await runWithDeadline(job, receiptHandle: message.receiptHandle, logger: logger))
        } catch let error as HostJobError {
            outcome = .failure(error)
        } catch {
            // Cancelled (the process is stopping hard): the message returns to the queue by itself.
            logger.warning("job abandoned", metadata: ["reason": "\(error)"])
            return
        }
        switch outcome {
        case .success(let completed):
            await finish(job, receiptHandle: message.receiptHandle, completed: completed, since: received, logger: logger)
        case .failure(.enclaveFailed(let failure)) where failure.code == .unavailable:
            await retryWhenReady(receiptHandle: message.receiptHandle, failure: failure, logger: logger)
        case .failure(let error):
            await fail(job, error: error, receiveCount: receiveCount, since: received, logger: logger)
        }
    }

    /// The job, raced against `jobTimeoutSeconds`, with the message's visibility extended meanwhile.
    private func runWithDeadline(_ job: JobMessage, receiptHandle: String, logger: Logger) async throws -> JobRunner.Completed {
        let timeout = configuration.enclave.jobTimeoutSeconds
        return try await withThrowingTaskGroup(of: JobRunner.Completed?.self) { group in
            group.addTask {
                try await runner.run(job, logger: logger)
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                throw HostJobError.timedOut(seconds: timeout)
            }
            group.addTask {
                await extendVisibility(receiptHandle: receiptHandle, logger: logger)
                return nil
            }
            defer { group.cancelAll() }
            while let done = try await group.next() {
                if let done { return done }
            }
            throw CancellationError()
        }
    }

    /// Keeps the message hidden while the job runs: every third of the visibility timeout it is set to the full
    /// timeout again, so another host never receives a job that is still running. Ends when cancelled.
    private func extendVisibility(receiptHandle: String, logger: Logger) async {
        let timeout = configuration.queue.visibilityTimeoutSeconds
        let interval = Duration.milliseconds(max(500, timeout * 1000 / 3))
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                try await sqs.changeMessageVisibility(queueURL: configuration.queue.url, receiptHandle: receiptHandle,
                                                      visibilityTimeout: timeout)
                logger.debug("job visibility extended", metadata: ["seconds": "\(timeout)"])
            } catch is CancellationError {
                return
            } catch {
                logger.warning("job visibility not extended", metadata: ["reason": "\(error)"])
            }
        }
    }

    private func finish(_ job: JobMessage, receiptHandle: String, completed: JobRunner.Completed, since received: ContinuousClock.Instant,
                        logger: Logger) async {
        let elapsed = { "\(received.duration(to: .now).milliseconds)" }
        if configuration.storage.storeResults {
            logger.info("job result stored", metadata: [
                "key": "\(store.resultKey(job.jobID))", "bytes": "\(completed.resultBytes)", "heartbeats": "\(completed.heartbeats)",
                "ms": "\(elapsed())",
            ])
        } else {
            logger.info("job completed", metadata: ["resultBytes": "\(completed.resultBytes)", "ms": "\(elapsed())"])
        }
        do {
            try await sqs.deleteMessage(queueURL: configuration.queue.url, receiptHandle: receiptHandle)
            logger.info("job deleted", metadata: ["ms": "\(elapsed())"])
        } catch {
            // The result is stored: a retry overwrites it with an equivalent one.
            logger.error("job message not deleted; it will run again", metadata: ["reason": "\(error)"])
            return
        }
        guard configuration.storage.deleteInputAfterResult else { return }
        do {
            try await store.deleteInput(jobID: job.jobID)
            logger.info("job input deleted", metadata: ["key": "\(store.inputKey(job.jobID))"])
        } catch {
            logger.error("job input not deleted", metadata: ["key": "\(store.inputKey(job.jobID))", "reason": "\(error)"])
        }
    }

    /// The enclave is not ready (it restarted and lost its model): not the job's fault, so no `.failed`
    /// marker. The model is sent again, then the message made visible at once for the retry.
    private func retryWhenReady(receiptHandle: String, failure: JobFailure, logger: Logger) async {
        logger.warning("job waits for the enclave", metadata: ["code": "\(failure.code)", "reason": "\(failure.message)"])
        guard let models else { return }
        await models.deliver()
        guard !Task.isCancelled else { return }
        do {
            try await sqs.changeMessageVisibility(queueURL: configuration.queue.url, receiptHandle: receiptHandle, visibilityTimeout: 0)
            logger.info("job returned to the queue")
        } catch {
            logger.warning("job left hidden until its visibility ends", metadata: ["reason": "\(error)"])
        }
    }

    private func fail(_ job: JobMessage, error: HostJobError, receiveCount: Int, since received: ContinuousClock.Instant,
                      logger: Logger) async {
        logger.error("job failed", metadata: [
            "code": "\(error.code)", "reason": "\(error)", "receiveCount": "\(receiveCount)",
            "ms": "\(received.duration(to: .now).milliseconds)",
        ])
        guard let limit = configuration.queue.maxReceiveCount, receiveCount >= limit else { return }
        do {
            try await store.writeFailureMarker(jobID: job.jobID, error: error)
            logger.info("job marked failed", metadata: ["key": "\(store.failureKey(job.jobID))", "receiveCount": "\(receiveCount)"])
        } catch {
            logger.error("job failure marker not written", metadata: ["reason": "\(error)"])
        }
    }
}
