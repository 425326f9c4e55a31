import AWSLogs
import ServiceLifecycle

/// Runs a CloudWatch Logs shipper beside the agent; on shutdown it sends what is buffered and ends. (The
/// producer has the same ten lines, internal to it; the host must not link the producer.)
public struct HostLogShipperService: Service {
    let shipper: LogShipper

    public init(shipper: LogShipper) {
        self.shipper = shipper
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await shipper.run()
        } onGracefulShutdown: {
            shipper.shutdown()
        }
    }
}
