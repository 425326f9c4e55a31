import ConsumerHost
import Foundation
import JobProtocol
import XCTest

/// The host agent with a model configured: the model reaches the enclave before any job, is retried until
/// the enclave accepts it, and is sent again when the enclave answers a job `unavailable`.
final class HostModelTests: XCTestCase {
    /// Ciphertext stands in for the model: random bytes around a marker, so a log line that carried any of it shows.
    static func modelBytes() -> [UInt8] {
        HostFixture.randomBytes(300_000) + Array("MODEL-MARKER-7f3a".utf8) + HostFixture.randomBytes(5000)
    }

    func testTheModelReachesTheEnclaveBeforeAnyJobAndIsRetriedUntilAccepted() async throws {
        let fixture = try await HostFixture()
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.reverse, failingModels: 1)
        let modelBytes = Self.modelBytes()
        let model = try await fixture.storeModel(modelBytes)
        let jobID = try await fixture.submit(Array("input".utf8))
        let agent = RunningAgent(HostAgent(configuration: fixture.configuration(enclave: peer.address, model: model), sqs: fixture.sqs,
                                           s3: fixture.s3, credentials: fixture.credentials, logger: fixture.logger), logger: fixture.logger)
        let done = try await eventually { fixture.lines(containing: "\"job deleted\"").count == 1 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(done, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })

        let connections = peer.connections
        XCTAssertEqual(connections.map { $0.request?.purpose }, [.model, .model, .job], "two model attempts, then the job")
        for attempt in connections.prefix(2) {
            let request = try XCTUnwrap(attempt.request)
            XCTAssertEqual(request.jobID, "models/scorer.esdk")
            XCTAssertEqual(request.ciphertextBytes, UInt64(modelBytes.count))
            XCTAssertEqual(request.expectedContext, ["nitroforge:app": HostFixture.app, "nitroforge:purpose": "model"])
            XCTAssertEqual(attempt.data, modelBytes, "the peer received exactly the model object's bytes")
            XCTAssertTrue(attempt.sawEnd)
        }
        XCTAssertEqual(connections.last?.request?.jobID, jobID.text)
        let stored = try await fixture.object("results/\(jobID.text).esdk")?.bytes
        XCTAssertEqual(stored, Array("tupni".utf8))

        XCTAssertEqual(fixture.lines(containing: "\"model sending\"").count, 2)
        let retried = fixture.lines(containing: "\"model not delivered; retrying\"")
        XCTAssertEqual(retried.count, 1)
        XCTAssertTrue(retried.first?.contains(#""code":"enclave.kms""#) ?? false, retried.joined(separator: "\n"))
        XCTAssertEqual(fixture.lines(containing: "\"model delivered\"").count, 1)
        let everything = fixture.logLines.withLockedValue { $0.joined(separator: "\n") }
        XCTAssertFalse(everything.contains("MODEL-MARKER"), "the model's bytes are never logged")
    }

    func testAJobAnsweredUnavailableSendsTheModelAgainAndIsRetriedWithoutAFailedMarker() async throws {
        let fixture = try await HostFixture()
        defer { fixture.shutdown() }
        let peer = try await EnclavePeer(.unavailableOnce)
        let modelBytes = Self.modelBytes()
        let model = try await fixture.storeModel(modelBytes)
        let jobID = try await fixture.submit(Array("input".utf8))
        // One receive allowed: an ordinary failure would get its `.failed` marker at once.
        let configuration = fixture.configuration(enclave: peer.address, maxReceiveCount: 1, model: model)
        let agent = RunningAgent(HostAgent(configuration: configuration, sqs: fixture.sqs, s3: fixture.s3, credentials: fixture.credentials,
                                           logger: fixture.logger), logger: fixture.logger)
        // The queue hides a received message for 30 s: the retry comes sooner only because the host returns it.
        let done = try await eventually(15) { fixture.lines(containing: "\"job deleted\"").count == 1 }
        try await agent.stop()
        await peer.stop()
        XCTAssertTrue(done, fixture.logLines.withLockedValue { $0.joined(separator: "\n") })

        let connections = peer.connections
        XCTAssertEqual(connections.map { $0.request?.purpose }, [.model, .job, .model, .job])
        XCTAssertEqual(connections[2].data, modelBytes, "the model is sent again, whole")
        XCTAssertEqual(connections[1].request?.jobID, jobID.text)
        XCTAssertEqual(connections[3].request?.jobID, jobID.text, "the same job is retried")
        let stored = try await fixture.object("results/\(jobID.text).esdk")?.bytes
        XCTAssertEqual(stored, Array("tupni".utf8))
        let marker = try await fixture.object("results/\(jobID.text).failed")
        XCTAssertNil(marker, "unavailable is the enclave's state, not the job's failure")
        XCTAssertEqual(fixture.lines(containing: "\"job marked failed\"").count, 0)
        XCTAssertEqual(fixture.lines(containing: "\"job failed\"").count, 0)
        XCTAssertEqual(fixture.lines(containing: "\"job waits for the enclave\"").count, 1)
        XCTAssertEqual(fixture.lines(containing: "\"model delivered\"").count, 2)
    }
}
