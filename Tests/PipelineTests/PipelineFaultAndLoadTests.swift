import Foundation
import NitroTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Waits until every job in `ids` has its result and both queues are empty; the result keys found.
private func waitForResults(_ stack: DevStack, _ ids: [String], timeout: TimeInterval) throws -> Set<String> {
    let deadline = Date().addingTimeInterval(timeout)
    var results = Set<String>()
    var counts = (queue: -1, dlq: -1)
    while Date() < deadline {
        results = Set(try stack.keys("results/"))
        counts = try stack.counts()
        if results.count >= ids.count, counts == (0, 0) { break }
        Thread.sleep(forTimeInterval: 2)
    }
    XCTAssertEqual(counts.queue, 0, "messages left in the queue")
    XCTAssertEqual(counts.dlq, 0, "messages in the dead-letter queue")
    return results
}

/// `kill -9` of the enclave agent, then of the host agent, in the middle of 200 jobs: after each is started
/// again, every job has exactly one result and both queues are empty.
final class PipelineFaultTests: XCTestCase {
    private static let shared = SharedDevStack()

    override class func tearDown() {
        shared.down()
        super.tearDown()
    }

    private func waitForResultCount(_ stack: DevStack, atLeast count: Int) throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, try stack.keys("results/").count < count { Thread.sleep(forTimeInterval: 0.5) }
    }

    private func restart(_ stack: DevStack, _ name: String) throws {
        let outcome = try Nitroforge.run(["dev", "restart", name, "--state", stack.state.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
    }

    func testKillingTheEnclaveThenTheHostMidwayLosesNoJobAndDuplicatesNone() async throws {
        let stack = try Self.shared.get()
        let sample = try String(contentsOf: stack.example.appendingPathComponent("sample.csv"), encoding: .utf8)
        let ids = try await stack.submitMany(200, body: sample)
        XCTAssertEqual(Set(ids).count, 200)

        try waitForResultCount(stack, atLeast: 30)
        // An enclave that dies takes its processor with it (its whole VM ends); here both are killed.
        kill(try stack.pid(of: "enclave"), SIGKILL)
        let killer = Process()
        killer.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        killer.arguments = ["-KILL", "-f", "--", "listen 127.0.0.1:\(stack.processorPort)"]
        try killer.run()
        killer.waitUntilExit()
        XCTAssertEqual(killer.terminationStatus, 0, "no processor was running on port \(stack.processorPort)")
        try restart(stack, "enclave")

        try waitForResultCount(stack, atLeast: 90)
        kill(try stack.pid(of: "host"), SIGKILL)
        try restart(stack, "host")

        let results = try waitForResults(stack, ids, timeout: 300)
        XCTAssertEqual(results, Set(ids.map { "results/\($0).esdk" }), "every job has exactly one result, and nothing else is there")
    }
}

/// 1,000 jobs from the producer to results: 1,000 accepted, 1,000 results, nothing left in either queue.
final class PipelineLoadTests: XCTestCase {
    /// The producer's per-principal rate limit raised, so the test measures the pipeline, not the limit.
    private static let shared = SharedDevStack { spec in
        spec.replacingOccurrences(of: "\nproducer:\n", with: "\nproducer:\n  limits:\n    requestsPerMinutePerPrincipal: 100000\n")
    }

    override class func tearDown() {
        shared.down()
        super.tearDown()
    }

    func testAThousandJobsEachComeBackOnce() async throws {
        let stack = try Self.shared.get()
        let sample = try String(contentsOf: stack.example.appendingPathComponent("sample.csv"), encoding: .utf8)
        let started = Date()
        let ids = try await stack.submitMany(1000, body: sample)
        XCTAssertEqual(Set(ids).count, 1000, "1,000 accepted")
        let results = try waitForResults(stack, ids, timeout: 900)
        XCTAssertEqual(results, Set(ids.map { "results/\($0).esdk" }))
        print("pipeline load: 1000 jobs submitted and stored in \(Int(Date().timeIntervalSince(started))) s")
    }
}
