import Logging

/// Gets the model into the enclave and keeps it there: at start, before the first receive, and again when
/// the enclave answers a job `unavailable` (it restarted and lost its model). Retries with a growing pause
/// (1 s doubling to 30 s) until the enclave accepts it; callers that arrive while a delivery is under way
/// wait for that one instead of sending the model again.
actor ModelDelivery {
    let sender: ModelSender
    let logger: Logger
    private var running: Task<Void, Never>?

    static let firstPause = Duration.seconds(1)
    static let longestPause = Duration.seconds(30)

    init(sender: ModelSender, logger: Logger) {
        self.sender = sender
        self.logger = logger
    }

    /// Returns once the enclave accepted the model, or when cancelled (the process is stopping).
    func deliver() async {
        if let running {
            await running.value
            return
        }
        let task = Task { await Self.untilAccepted(sender, logger: logger) }
        running = task
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        running = nil
    }

    private static func untilAccepted(_ sender: ModelSender, logger: Logger) async {
        var logger = logger
        logger[metadataKey: "modelBucket"] = "\(sender.model.bucket)"
        logger[metadataKey: "modelKey"] = "\(sender.model.key)"
        var pause = firstPause
        var attempt = 1
        while !Task.isCancelled {
            logger.info("model sending", metadata: ["attempt": "\(attempt)"])
            let started = ContinuousClock.now
            do {
                let bytes = try await sender.send()
                logger.info("model delivered", metadata: [
                    "attempt": "\(attempt)", "bytes": "\(bytes)", "ms": "\(started.duration(to: .now).milliseconds)",
                ])
                return
            } catch {
                logger.warning("model not delivered; retrying", metadata: [
                    "attempt": "\(attempt)", "code": "\(error.reason.code)", "reason": "\(error)",
                    "retryInMs": "\(pause.milliseconds)",
                ])
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                return
            }
            pause = min(pause * 2, longestPause)
            attempt += 1
        }
    }
}
