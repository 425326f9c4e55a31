import CoreMetrics
import Prometheus

/// The producer's metrics, on a registry of its own (not the process-wide `MetricsSystem`), served as
/// Prometheus text at `GET /metrics`: requests by route and status, bytes in, latency, KMS calls, failures.
public struct ProducerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let bytesIn: CoreMetrics.Counter
    /// One `GenerateDataKey` per accepted job.
    let kmsCalls: CoreMetrics.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600),
        ]
        self.factory = factory
        bytesIn = CoreMetrics.Counter(label: "nitroforge_producer_bytes_in_total", factory: factory)
        kmsCalls = CoreMetrics.Counter(label: "nitroforge_producer_kms_calls_total", factory: factory)
    }

    /// Counts one answered request and its latency.
    func record(route: String, status: Int, nanoseconds: Int64) {
        CoreMetrics.Counter(label: "nitroforge_producer_requests_total", dimensions: [("route", route), ("status", String(status))], factory: factory)
            .increment()
        CoreMetrics.Timer(label: "nitroforge_producer_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(nanoseconds)
        if status >= 500 || status == 429 || status == 413 || status == 401 || status == 403 {
            failure(kind: String(status))
        }
    }

    /// Failures by kind: an HTTP status for refusals, or a named internal event.
    func failure(kind: String) {
        CoreMetrics.Counter(label: "nitroforge_producer_failures_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    func text() -> String { registry.emitToString() }
}
