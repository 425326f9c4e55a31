import AWSCore
import Foundation
import NitroFormats

extension LogShipper {
    /// The sending side, owned by `run()`: it alone calls CloudWatch Logs, so batches leave in order.
    struct Sender: Sendable {
        let shipper: LogShipper
        var streamReady = false

        /// Sends batches until the buffer is empty or a call fails (the batch then goes back to the buffer).
        mutating func sendBuffered() async {
            let configuration = shipper.configuration
            while true {
                if !streamReady {
                    guard shipper.statistics.buffered > 0 else { return }
                    do {
                        try await shipper.client.createLogStream(group: configuration.group, stream: configuration.stream)
                        streamReady = true
                    } catch {
                        shipper.recordFailedCall()
                        Self.report("CreateLogStream", error)
                        return
                    }
                }
                let batch = shipper.takeBatch()
                guard !batch.isEmpty else { return }
                do {
                    let result = try await shipper.client.putLogEvents(group: configuration.group, stream: configuration.stream,
                                                                       events: batch)
                    shipper.recordSent(batch.count, rejected: result.rejectedCount(of: batch.count))
                } catch {
                    // A stream deleted under us is created again on the next attempt.
                    if let failure = error as? AWSServiceError, failure.code == CloudWatchLogsErrorCode.resourceNotFound {
                        streamReady = false
                    }
                    shipper.putBack(batch)
                    Self.report("PutLogEvents", error)
                    return
                }
            }
        }

        /// A failure of the log path itself goes to standard error, never back into the shipper.
        static func report(_ operation: String, _ error: any Error) {
            let line = #"{"level":"error","label":"nitroforge.logs","message":"CloudWatch Logs \#(operation) failed","#
                + #""metadata":{"error":\#(JSONStringLiteral.quote(String(describing: error)))}}"# + "\n"
            StandardStream.write(line, to: 2)
        }
    }
}
