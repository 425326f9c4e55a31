import NIOCore
import NIOPosix

/// A connection carrying job frames in both directions.
public typealias JobChannel = NIOAsyncChannel<JobFrame, JobFrame>

/// Opens and accepts job-frame connections over vsock or TCP: one interface, the address decides.
public struct JobTransport: Sendable {
    public let group: any EventLoopGroup
    public let limits: JobFrameLimits

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, limits: JobFrameLimits = .default) {
        self.group = group
        self.limits = limits
    }

    /// Connects to `address` (the host agent reaching the enclave, or the enclave reaching the host's log port).
    public func connect(to address: EnclaveAddress, timeout: TimeAmount = .seconds(10)) async throws -> JobChannel {
        let bootstrap = ClientBootstrap(group: group).connectTimeout(timeout)
        let limits = limits
        let initializer: @Sendable (any Channel) -> EventLoopFuture<JobChannel> = { channel in
            channel.eventLoop.makeCompletedFuture { try Self.wrap(channel, limits: limits) }
        }
        switch address {
        case .vsock(let cid, let port):
            return try await bootstrap.connect(
                to: VsockAddress(cid: .init(Int(cid)), port: .init(Int(port))), channelInitializer: initializer)
        case .tcp(let host, let port):
            return try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
        }
    }

    /// Listens on `address`; each inbound connection arrives as a `JobChannel`.
    public func listen(on address: EnclaveAddress) async throws -> NIOAsyncChannel<JobChannel, Never> {
        let bootstrap = ServerBootstrap(group: group).serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let limits = limits
        let initializer: @Sendable (any Channel) -> EventLoopFuture<JobChannel> = { channel in
            channel.eventLoop.makeCompletedFuture { try Self.wrap(channel, limits: limits) }
        }
        switch address {
        case .vsock(let cid, let port):
            return try await bootstrap.bind(
                to: VsockAddress(cid: .init(Int(cid)), port: .init(Int(port))), childChannelInitializer: initializer)
        case .tcp(let host, let port):
            return try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
        }
    }

    private static func wrap(_ channel: any Channel, limits: JobFrameLimits) throws -> JobChannel {
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(JobFrameDecoder(limits: limits)), MessageToByteHandler(JobFrameEncoder(limits: limits)))
        return try JobChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
    }
}
