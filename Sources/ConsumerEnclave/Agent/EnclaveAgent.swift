import JobProtocol
import Logging
import NIOCore

/// Serves jobs on the jobs port: each connection is one job, run concurrently with the others (the host
/// agent decides how many are in flight).
public struct EnclaveAgent: Sendable {
    public let context: EnclaveContext
    public let transport: JobTransport

    public init(context: EnclaveContext, transport: JobTransport = JobTransport()) {
        self.context = context
        self.transport = transport
    }

    /// Listens on `address` until cancelled; `onListening` gets the bound TCP port (nil on vsock) once
    /// connections are accepted.
    public func run(on address: EnclaveAddress, onListening: @Sendable (Int?) -> Void = { _ in }) async throws {
        let server = try await transport.listen(on: address)
        context.logger.info("enclave agent listening", metadata: ["address": "\(address)"])
        onListening(server.channel.localAddress?.port)
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await JobSession(context: context).run(connection) }
                }
            }
        }
    }
}
