import AWSLogs
import JobProtocol
import Logging
import NIOCore
import ServiceLifecycle

/// Accepts the enclave's log connection (it connects to the host: `vsock:<any>:<logsPort>` in production)
/// and writes each `log` frame as a JSON line with `"source":"enclave"` to the host's standard output and,
/// when configured, to the enclave log group. Records are structured events, never payloads; a record that
/// is not a JSON object is skipped and counted in the host's log without its content.
public struct EnclaveLogReceiver: Service {
    let address: EnclaveAddress
    let transport: JobTransport
    let shipper: LogShipper?
    let output: @Sendable (String) -> Void
    let logger: Logger
    let onListening: @Sendable (EnclaveAddress) -> Void

    /// - Parameters:
    ///   - output: receives each enclave line (standard output by default, as the host's own lines).
    ///   - onListening: called with the bound address (a TCP port of 0 is replaced by the one bound).
    public init(address: EnclaveAddress, transport: JobTransport = JobTransport(), shipper: LogShipper? = nil,
                output: @escaping @Sendable (String) -> Void = JSONLineLogHandler.standardOutput, logger: Logger,
                onListening: @escaping @Sendable (EnclaveAddress) -> Void = { _ in }) {
        self.address = address
        self.transport = transport
        self.shipper = shipper
        self.output = output
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let server = try await transport.listen(on: address)
        var bound = address
        if case .tcp(let host, _) = address, let port = server.channel.localAddress?.port { bound = .tcp(host: host, port: port) }
        logger.info("listening for enclave logs", metadata: ["address": "\(bound)"])
        onListening(bound)
        // The enclave keeps its connection open for good, so on shutdown everything here is cancelled
        // (after the host agent has drained: services stop in reverse order).
        try await cancelWhenGracefulShutdown {
            try await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await receive(connection) }
                        }
                    } catch where !(error is CancellationError) {
                        logger.warning("enclave log listener ended", metadata: ["reason": "\(error)"])
                    } catch {}
                }
            }
        }
    }

    private func receive(_ connection: JobChannel) async {
        do {
            try await connection.executeThenClose { inbound, _ in
                for try await frame in inbound {
                    guard case .log(let payload) = frame else {
                        logger.warning("enclave log connection: frame ignored", metadata: ["kind": "\(frame.kind)"])
                        continue
                    }
                    do {
                        let line = try EnclaveLogRecord.line(from: payload)
                        output(line)
                        shipper?.enqueue(line)
                    } catch {
                        logger.warning("enclave log record skipped", metadata: ["reason": "\(error)"])
                    }
                }
            }
        } catch {
            logger.warning("enclave log connection ended", metadata: ["reason": "\(error)"])
        }
    }
}
