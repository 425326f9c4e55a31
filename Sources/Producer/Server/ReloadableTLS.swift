import Dispatch
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

/// The TLS context new connections get. With PEM files it is built again from them on SIGHUP (a renewed
/// certificate without a restart); connections already open keep the context they started with.
final class TLSContextHolder: Sendable {
    private let context: NIOLockedValueBox<NIOSSLContext>
    private let source: ProducerConfiguration.TLS
    private let host: String
    /// Set once, before the server accepts connections; kept as long as the holder (the server's builder keeps it).
    nonisolated(unsafe) private var hangUpSource: (any DispatchSourceSignal)?

    init(_ made: ProducerTLS.Made, source: ProducerConfiguration.TLS, host: String) throws {
        context = NIOLockedValueBox(try NIOSSLContext(configuration: made.configuration))
        self.source = source
        self.host = host
    }

    var current: NIOSSLContext { context.withLockedValue { $0 } }

    /// Reads the files again; on any problem the previous context stays, and the problem is logged.
    func reload(logger: Logger) {
        do {
            guard let made = try ProducerTLS.configuration(source, host: host) else { return }
            let fresh = try NIOSSLContext(configuration: made.configuration)
            context.withLockedValue { $0 = fresh }
            logger.info("TLS certificate reloaded", metadata: ["sha256": "\(made.fingerprint)"])
        } catch {
            logger.error("TLS certificate not reloaded; the previous one stays", metadata: ["error": "\(error)"])
        }
    }

    /// Reloads on each SIGHUP from now on.
    func reloadOnHangUp(logger: Logger) {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP)
        source.setEventHandler { [self] in reload(logger: logger) }
        source.resume()
        hangUpSource = source
    }

    /// HTTP/1.1 behind TLS whose context is read per connection.
    func serverBuilder(http1: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in ReloadableTLSChannel(base: HTTP1Channel(responder: responder, configuration: http1), holder: self) }
    }
}

/// HummingbirdTLS's channel, but asking the holder for the context of each new connection.
struct ReloadableTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let holder: TLSContextHolder

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: holder.current))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension ReloadableTLSChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}
