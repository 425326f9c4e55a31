import AWSSQS
import ConsumerHost
import Foundation
import JobProtocol
import XCTest

/// The host agent against moto and an enclave protocol peer on loopback: what it moves, what it stores, what
/// it deletes, and what it leaves for a retry or the DLQ.
final class HostAgentTests: XCTestCase {
    func testValidJobStoresTheResultWithOwnerThenDeletesTheMessage() async throws {
        let fixture = try await HostFixture()
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.reverse)
        let input = HostFixture.randomBytes(3 << 20 + 12345)
        let jobID = try await fixture.submit(input)
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address), sqs: fixture.sqs, s3: fixture.s3,
                                           credentials: fixture.credentials, logger: fixture.logger), logger: fixture.logger)
        let stored = try await eventually { fixture.lines(containing: "\"job deleted\"").count == 1 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(stored, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })

        let result = try await fixture.object("results/\(jobID.text).esdk")
        XCTAssertEqual(result?.bytes, Array(input.reversed()), "the result is the peer's answer, byte for byte")
        XCTAssertEqual(result?.metadata["nitroforge-owner"], HostFixture.owner)
        let connections = peer.connections
        XCTAssertEqual(connections.count, 1)
        XCTAssertEqual(connections.first?.data, input, "the peer received exactly the object's bytes")
        XCTAssertEqual(connections.first?.sawEnd, true)
        let request = try XCTUnwrap(connections.first?.request)
        XCTAssertEqual(request.jobID, jobID.text)
        XCTAssertEqual(request.purpose, .job)
        XCTAssertEqual(request.ciphertextBytes, UInt64(input.count))
        XCTAssertEqual(request.expectedContext, [
            "nitroforge:app": HostFixture.app, "nitroforge:purpose": "input", "nitroforge:job": jobID.text,
            "nitroforge:bucket": fixture.bucket, "nitroforge:key": "jobs/\(jobID.text).esdk",
        ])
        XCTAssertEqual(request.credentials, JobCredentials(accessKeyID: "test", secretAccessKey: "test-secret", sessionToken: "test-token"),
                       "the host lends its own credentials")
        let remaining = try await fixture.visibleMessages(waitSeconds: 0)
        XCTAssertEqual(remaining.count, 0, "the message is deleted")
        let checked1 = try await fixture.object("jobs/\(jobID.text).esdk")
        XCTAssertNotNil(checked1, "the input stays without deleteInputAfterResult")
        for state in ["\"job received\"", "\"job sent\"", "\"job result stored\"", "\"job deleted\""] {
            XCTAssertEqual(fixture.lines(containing: state).filter { $0.contains(jobID.text) }.count, 1, state)
        }
        let everything = fixture.logLines.withLockedValue { $0.joined(separator: "\n") }
        XCTAssertFalse(everything.contains("test-secret"), "credentials are never logged")
        XCTAssertFalse(everything.contains("test-token"), "credentials are never logged")
    }

    func testInputIsDeletedAfterTheResultWhenConfigured() async throws {
        let fixture = try await HostFixture()
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.reverse)
        let jobID = try await fixture.submit(Array("small".utf8))
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address, deleteInput: true), sqs: fixture.sqs,
                                           s3: fixture.s3, credentials: fixture.credentials, logger: fixture.logger), logger: fixture.logger)
        let deleted = try await eventually { fixture.lines(containing: "\"job input deleted\"").count == 1 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(deleted)
        let checked2 = try await fixture.object("results/\(jobID.text).esdk")?.bytes
        XCTAssertEqual(checked2, Array("llams".utf8))
        let checked3 = try await fixture.object("jobs/\(jobID.text).esdk")
        XCTAssertNil(checked3)
    }

    func testInvalidMessagesNeverReachTheEnclaveAndAreNotDeleted() async throws {
        let fixture = try await HostFixture(queueVisibilitySeconds: 2)
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.reverse)
        let otherBucket = JobID.generate(), otherPrefix = JobID.generate(), badVersion = JobID.generate(), tooLarge = JobID.generate()
        try await fixture.send(fixture.message(otherBucket, size: 10, bucket: "someone-elses-bucket").encoded())
        try await fixture.send(fixture.message(otherPrefix, size: 10, key: "uploads/\(otherPrefix.text).esdk").encoded())
        try await fixture.send(fixture.message(badVersion, size: 10).encoded().replacingOccurrences(of: #"{"v":1,"#, with: #"{"v":2,"#))
        try await fixture.send(fixture.message(tooLarge, size: 1025).encoded())
        let configuration = fixture.configuration(enclave: peer.address, visibilitySeconds: 2, maxObjectBytes: 1024)
        let agent = RunningAgent(HostAgent(configuration: configuration, sqs: fixture.sqs, s3: fixture.s3, credentials: fixture.credentials,
                                           logger: fixture.logger), logger: fixture.logger)
        let refusedAll = try await eventually { fixture.lines(containing: "\"job message refused\"").count >= 4 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(refusedAll, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })
        XCTAssertEqual(peer.connections.count, 0, "nothing reached the enclave")
        let refused = fixture.lines(containing: "\"job message refused\"")
        for field in ["bucket", "key", "v", "size"] {
            XCTAssertTrue(refused.contains { $0.contains(#""field":"\#(field)""#) }, "a refusal names \(field)")
        }
        XCTAssertFalse(refused.contains { $0.contains("someone-elses-bucket") || $0.contains("api-key:alice") }, "bodies are not logged")
        // Not deleted: once their visibility runs out they are received again (and so reach the DLQ by count).
        var bodies: Set<String> = []
        _ = try await eventually(10) {
            for message in try await fixture.visibleMessages(waitSeconds: 1) { bodies.insert(message.body) }
            return bodies.count == 4
        }
        XCTAssertEqual(bodies.count, 4, "all four messages are still in the queue")
    }

    func testEnclaveFailureLeavesTheMessageAndMarksTheLastAttemptFailed() async throws {
        let fixture = try await HostFixture(queueVisibilitySeconds: 2)
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.fail(JobFailure(.processor, "the processor exited 1")))
        let first = try await fixture.submit(Array("first".utf8))
        // The first attempt of a queue allowing 2 receives: no marker yet.
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address, visibilitySeconds: 2, maxReceiveCount: 2),
                                           sqs: fixture.sqs, s3: fixture.s3, credentials: fixture.credentials, logger: fixture.logger),
                                 logger: fixture.logger)
        let failedTwice = try await eventually(20) { fixture.lines(containing: "\"job failed\"").count >= 2 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(failedTwice, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })
        let failures = fixture.lines(containing: "\"job failed\"")
        XCTAssertTrue(failures.allSatisfy { $0.contains(#""code":"enclave.processor""#) }, failures.joined(separator: "\n"))
        XCTAssertTrue(failures[0].contains(#""receiveCount":"1""#), failures[0])
        let marked = fixture.lines(containing: "\"job marked failed\"")
        XCTAssertGreaterThanOrEqual(marked.count, 1)
        XCTAssertFalse(marked.contains { $0.contains(#""receiveCount":"1""#) }, "only a receive that reached maxReceiveCount writes a marker")
        let checked4 = try await fixture.object("results/\(first.text).esdk")
        XCTAssertNil(checked4, "no result object")
        let fetched5 = try await fixture.object("results/\(first.text).failed")
        let marker = try XCTUnwrap(fetched5)
        XCTAssertEqual(marker.metadata["nitroforge-owner"], HostFixture.owner)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(marker.bytes)) as? [String: String])
        XCTAssertEqual(json["code"], "enclave.processor")
        XCTAssertEqual(Set(json.keys), ["code", "message"])
        XCTAssertEqual(fixture.lines(containing: "\"job deleted\"").count, 0)
        let left = try await eventually(10) { try await fixture.visibleMessages(waitSeconds: 1).count == 1 }
        XCTAssertTrue(left, "the message is not deleted")
    }

    func testEnclaveDyingMidResultLeavesNoResultObject() async throws {
        let fixture = try await HostFixture()
        defer { fixture.shutdown() }
        // More than one 8 MiB part reaches S3 before the peer dies, so the multipart upload must be aborted.
        let input = HostFixture.randomBytes(10 << 20)
        let peer = try await EnclavePeer(.dieMidResult(afterBytes: 9 << 20))
        let jobID = try await fixture.submit(input)
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address), sqs: fixture.sqs, s3: fixture.s3,
                                           credentials: fixture.credentials, logger: fixture.logger), logger: fixture.logger)
        let failed = try await eventually { fixture.lines(containing: "\"job failed\"").count == 1 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(failed, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })
        XCTAssertTrue(fixture.lines(containing: "\"job failed\"")[0].contains(#""code":"connectionLost""#))
        let checked6 = try await fixture.object("results/\(jobID.text).esdk")
        XCTAssertNil(checked6, "no partial result")
        XCTAssertEqual(fixture.lines(containing: "\"job deleted\"").count, 0)
    }

    func testVisibilityIsExtendedWhileAJobOutlastsTheTimeout() async throws {
        let fixture = try await HostFixture(queueVisibilitySeconds: 2)
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.slowReverse(seconds: 6))
        let jobID = try await fixture.submit(Array("slow job".utf8))
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address, visibilitySeconds: 2), sqs: fixture.sqs,
                                           s3: fixture.s3, credentials: fixture.credentials, logger: fixture.logger), logger: fixture.logger)
        _ = try await eventually { peer.connections.first?.sawEnd == true }
        // While the job runs (three visibility timeouts), nobody else may receive its message.
        var seenByOthers = 0
        let until = Date().addingTimeInterval(5)
        while Date() < until {
            seenByOthers += try await fixture.visibleMessages(waitSeconds: 1).count
        }
        let done = try await eventually { fixture.lines(containing: "\"job deleted\"").count == 1 }
        try await agent.stop()
        await peer.stop()
        XCTAssertEqual(seenByOthers, 0, "the message stayed hidden while the job ran")
        XCTAssertTrue(done, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })
        XCTAssertGreaterThanOrEqual(fixture.lines(containing: "\"job visibility extended\"").count, 3)
        XCTAssertEqual(peer.connections.count, 1, "the job ran once")
        let checked7 = try await fixture.object("results/\(jobID.text).esdk")?.bytes
        XCTAssertEqual(checked7, Array("boj wols".utf8))
    }

    func testGracefulShutdownFinishesTheJobInFlight() async throws {
        let fixture = try await HostFixture()
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.slowReverse(seconds: 3))
        let jobID = try await fixture.submit(Array("in flight".utf8))
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address), sqs: fixture.sqs, s3: fixture.s3,
                                           credentials: fixture.credentials, logger: fixture.logger), logger: fixture.logger)
        let started = try await eventually { peer.connections.first?.sawEnd == true }
        XCTAssertTrue(started)
        try await agent.stop()
        // stop() returned: the job finished before the agent did.
        XCTAssertEqual(fixture.lines(containing: "\"job deleted\"").count, 1, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })
        let checked8 = try await fixture.object("results/\(jobID.text).esdk")?.bytes
        XCTAssertEqual(checked8, Array("thgilf ni".utf8))
        let drained = fixture.logLines.withLockedValue { $0 }
        let drainIndex = try XCTUnwrap(drained.firstIndex { $0.contains("\"host agent draining") })
        let deletedIndex = try XCTUnwrap(drained.firstIndex { $0.contains("\"job deleted\"") })
        XCTAssertLessThan(drainIndex, deletedIndex, "shutdown began while the job was in flight")
        await peer.stop()
    }
}
