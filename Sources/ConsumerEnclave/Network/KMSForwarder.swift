import JobProtocol
import NIOCore
import NIOPosix

/// Inside an enclave there is no network, only vsock. KMS is reached through the parent's vsock-proxy
/// (CID 3, port 8000), which forwards to KMS's host and nowhere else. This forwarder listens on
/// 127.0.0.1:443 and copies bytes both ways to that proxy; the agent makes KMS's host name resolve to
/// 127.0.0.1, so TLS runs from here to KMS and ends inside the enclave: the parent sees ciphertext only.
public struct KMSForwarder: Sendable {
    public let listen: EnclaveAddress
    public let upstream: EnclaveAddress
    let group: any EventLoopGroup

    public init(listen: EnclaveAddress, upstream: EnclaveAddress, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.listen = listen
        self.upstream = upstream
        self.group = group
    }

    /// Forwards until cancelled; `onListening` gets the bound TCP port.
    public func run(onListening: @Sendable (Int?) -> Void = { _ in }) async throws {
        guard case .tcp(let host, let port) = listen else { throw ForwarderError("the forwarder listens on TCP loopback, not \(listen)") }
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel,
                                                                configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        onListening(server.channel.localAddress?.port)
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { try? await forward(connection) }
                }
            }
        }
    }

    private func forward(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        let bootstrap = ClientBootstrap(group: group).connectTimeout(.seconds(10))
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel,
                                                            configuration: .init(isOutboundHalfClosureEnabled: true))
            }
        }
        let server: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        switch upstream {
        case .vsock(let cid, let port):
            server = try await bootstrap.connect(to: VsockAddress(cid: .init(Int(cid)), port: .init(Int(port))), channelInitializer: initializer)
        case .tcp(let host, let port):
            server = try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
        }
        try await client.executeThenClose { clientIn, clientOut in
            try await server.executeThenClose { serverIn, serverOut in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await bytes in clientIn { try await serverOut.write(bytes) }
                        serverOut.finish()
                    }
                    group.addTask {
                        for try await bytes in serverIn { try await clientOut.write(bytes) }
                        clientOut.finish()
                    }
                    try await group.waitForAll()
                }
            }
        }
    }
}

struct ForwarderError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
