import Foundation
import JobProtocol
import Logging
import NIOCore

/// Carries the agent's log records to the host agent's log port as `log` frames (ARCHITECTURE.md: logs and
/// metrics leave the enclave as structured records, never payloads). Records wait in a bounded buffer
/// while the host is not listening; the oldest are dropped first, so logging never blocks a job.
public struct EnclaveLogSink: Sendable {
    let stream: AsyncStream<ByteBuffer>
    let continuation: AsyncStream<ByteBuffer>.Continuation

    public init(capacity: Int = 1000) {
        (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(capacity))
    }

    func send(_ record: [String: String]) {
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]),
              data.count <= JobFrameLimits.default.log else { return }
        continuation.yield(ByteBuffer(bytes: data))
    }

    /// Connects to `address` (again after each loss) and writes records until cancelled.
    public func run(to address: EnclaveAddress, transport: JobTransport = JobTransport()) async {
        var pending: ByteBuffer?
        var iterator = stream.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                let channel = try await transport.connect(to: address, timeout: .seconds(2))
                try await channel.executeThenClose { _, outbound in
                    if let record = pending { try await outbound.write(.log(record)) }
                    pending = nil
                    while let record = await iterator.next() {
                        pending = record
                        try await outbound.write(.log(record))
                        pending = nil
                    }
                }
                return
            } catch {
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// A swift-log handler writing JSON records to this sink and, as text, to standard error (the
    /// enclave's console, readable only in debug mode).
    public func handler(label: String) -> some LogHandler { Handler(sink: self, label: label) }

    struct Handler: LogHandler {
        let sink: EnclaveLogSink
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            var record = ["level": level.rawValue, "message": message.description, "logger": label,
                          "time": ISO8601DateFormatter().string(from: Date())]
            for (key, value) in self.metadata.merging(extra ?? [:], uniquingKeysWith: { $1 }) { record[key] = "\(value)" }
            sink.send(record)
            let line = record.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
