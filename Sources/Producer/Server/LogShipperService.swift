import AWSLogs
import ServiceLifecycle

/// Runs the CloudWatch Logs shipper beside the server; on shutdown it sends what is buffered and ends.
struct LogShipperService: Service {
    let shipper: LogShipper

    func run() async throws {
        await withGracefulShutdownHandler {
            await shipper.run()
        } onGracefulShutdown: {
            shipper.shutdown()
        }
    }
}
