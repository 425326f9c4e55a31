import AWSCore
import AWSLogs
import Foundation
import XCTest

/// LogShipper against moto: order, batching, the buffer bound, flush on shutdown, and callers never waiting.
final class LogShipperTests: XCTestCase {
    func makeGroup() async throws -> (CloudWatchLogsClient, String) {
        let logs = try LogsTestEnvironment.client(endpoint: try LogsTestEnvironment.motoURL())
        let group = "/nitroforge/test/" + LogsTestEnvironment.uniqueName("producer")
        try await logs.createLogGroup(name: group)
        return (logs, group)
    }

    func testEventsArriveInOrderInSeveralBatchesAndAreCompleteAfterFlush() async throws {
        let (logs, group) = try await makeGroup()
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: group, stream: "instance-1", flushInterval: .seconds(3600), maxBatchEvents: 150))
        let running = Task { await shipper.run() }
        let lines = (0..<1000).map { #"{"message":"line \#($0)"}"# }
        XCTAssertEqual(lines.count, 1000)
        for line in lines { shipper.enqueue(line) }
        await shipper.flush()
        XCTAssertEqual(shipper.statistics.sent, 1000)
        XCTAssertEqual(shipper.statistics.buffered, 0)
        let events = try await LogsTestEnvironment.allEvents(logs, group: group, stream: "instance-1")
        XCTAssertEqual(events.map(\.message), lines, "every line, in order")
        XCTAssertEqual(events.map(\.timestamp), events.map(\.timestamp).sorted(), "timestamps never go backwards")
        shipper.shutdown()
        await running.value
    }

    func testABatchIsSentWhenFullWithoutWaitingForTheInterval() async throws {
        let (logs, group) = try await makeGroup()
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: group, stream: "full", flushInterval: .seconds(3600), maxBatchEvents: 50))
        let running = Task { await shipper.run() }
        for index in 0..<50 { shipper.enqueue("event \(index)") }
        let deadline = Date().addingTimeInterval(20)
        while shipper.statistics.sent < 50, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        XCTAssertEqual(shipper.statistics.sent, 50, "a full batch goes out before the hour-long interval")
        shipper.shutdown()
        await running.value
    }

    func testABurstLargerThanTheBufferDropsTheOldestAndCountsThem() async throws {
        let (logs, group) = try await makeGroup()
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: group, stream: "burst", bufferCapacity: 100, flushInterval: .seconds(3600)))
        for index in 0..<250 { shipper.enqueue("burst \(index)") }
        XCTAssertEqual(shipper.statistics.dropped, 150)
        XCTAssertEqual(shipper.statistics.buffered, 100)
        XCTAssertEqual(shipper.statistics.enqueued, 250)
        let running = Task { await shipper.run() }
        await shipper.flush()
        let events = try await LogsTestEnvironment.allEvents(logs, group: group, stream: "burst")
        XCTAssertEqual(events.map(\.message), (150..<250).map { "burst \($0)" }, "the newest 100 survive")
        shipper.shutdown()
        await running.value
    }

    func testShutdownSendsWhatIsBuffered() async throws {
        let (logs, group) = try await makeGroup()
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: group, stream: "shutdown", flushInterval: .seconds(3600)))
        let running = Task { await shipper.run() }
        for index in 0..<10 { shipper.enqueue("last words \(index)") }
        shipper.shutdown()
        await running.value
        let events = try await LogsTestEnvironment.allEvents(logs, group: group, stream: "shutdown")
        XCTAssertEqual(events.map(\.message), (0..<10).map { "last words \($0)" })
        await shipper.flush()  // returns at once after run() has ended
    }

    func testCancellingRunStillSendsWhatIsBuffered() async throws {
        let (logs, group) = try await makeGroup()
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: group, stream: "cancel", flushInterval: .seconds(3600)))
        let running = Task { await shipper.run() }
        for index in 0..<5 { shipper.enqueue("cancelled \(index)") }
        running.cancel()
        await running.value
        let events = try await LogsTestEnvironment.allEvents(logs, group: group, stream: "cancel")
        XCTAssertEqual(events.map(\.message), (0..<5).map { "cancelled \($0)" })
    }

    func testEventsOverTheLimitAreTruncated() async throws {
        let (logs, group) = try await makeGroup()
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: group, stream: "large", flushInterval: .seconds(3600)))
        let running = Task { await shipper.run() }
        shipper.enqueue(String(repeating: "é", count: 200_000))  // 400,000 bytes
        shipper.enqueue("small")
        await shipper.flush()
        XCTAssertEqual(shipper.statistics.truncated, 1)
        XCTAssertEqual(shipper.statistics.sent, 2)
        let events = try await LogsTestEnvironment.allEvents(logs, group: group, stream: "large")
        XCTAssertEqual(events.count, 2)
        let first = try XCTUnwrap(events.first?.message)
        XCTAssertLessThanOrEqual(first.utf8.count, LogShipper.maxEventBytes - LogShipper.eventOverheadBytes)
        XCTAssertGreaterThan(first.utf8.count, LogShipper.maxEventBytes - LogShipper.eventOverheadBytes - 32)
        XCTAssertTrue(first.hasSuffix("[truncated]"))
        XCTAssertEqual(events.last?.message, "small")
        shipper.shutdown()
        await running.value
    }

    /// The caller is never blocked: with the endpoint stuck (it accepts connections and never answers), a
    /// sender call is in flight, and 100,000 lines are still enqueued at memory speed. `enqueue` is not
    /// `async`, so it cannot await the network; this measures that it does not contend with the sender either.
    func testEnqueueNeverWaitsForTheNetwork() async throws {
        let listener = try SilentListener()
        let logs = try LogsTestEnvironment.client(endpoint: "http://127.0.0.1:\(listener.port)", retry: RetryConfiguration(maxAttempts: 1))
        let shipper = LogShipper(client: logs, configuration: LogShipperConfiguration(
            group: "/stuck", stream: "stuck", bufferCapacity: 200_000, flushInterval: .milliseconds(10)))
        let running = Task { await shipper.run() }
        shipper.enqueue("first")
        try await Task.sleep(for: .milliseconds(200))  // the sender is now waiting on the silent endpoint

        let count = 100_000
        let started = ContinuousClock.now
        for index in 0..<count { shipper.enqueue(#"{"level":"info","message":"request \#(index)","metadata":{"route":"/v1/jobs"}}"#) }
        let elapsed = ContinuousClock.now - started
        print("enqueue: \(count) lines in \(elapsed) while the endpoint does not answer")
        let statistics = shipper.statistics
        XCTAssertEqual(statistics.enqueued, count + 1)
        XCTAssertEqual(statistics.sent, 0, "nothing could have been sent: enqueue did not wait for the network")
        XCTAssertEqual(statistics.buffered, count + 1)
        XCTAssertLessThan(elapsed, .seconds(10), "generous bound; typically well under a second in a release build")

        listener.close()
        running.cancel()
        await running.value
    }
}
