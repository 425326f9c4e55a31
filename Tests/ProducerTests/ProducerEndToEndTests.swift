import AsyncHTTPClient
import Foundation
import JobProtocol
import NIOCore
import NIOHTTP1
import NitroTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The producer as a process against moto: what it stores decrypts with the AWS Encryption SDK CLI to the
/// bytes sent, under exactly the encryption context of the design, and what it queues matches what it stored;
/// what it refuses leaves nothing behind.
final class ProducerEndToEndTests: XCTestCase {
    private var fixture: ProducerFixture!

    override func setUp() async throws {
        fixture = try ProducerFixture()
    }

    override func tearDown() async throws {
        await fixture.shutdown()
    }

    func testJobsOfEverySizeDecryptWithTheESDKCLIToTheirBytesAndMatchTheirMessages() async throws {
        let producer = try fixture.startProducer(frameBytes: 65536)
        let sizes = [0, 1024, 65536 + 1, 200 << 20]
        var accepted: [String: (size: Int, sha256: String, seed: UInt8)] = [:]
        for (index, size) in sizes.enumerated() {
            let body = PatternBody(size: size, seed: UInt8(index))
            let answer = try await fixture.submit(producer, body: body)
            XCTAssertEqual(answer.status, 202, answer.body)
            let jobID = try XCTUnwrap(answer.json["jobId"] as? String)
            XCTAssertNotNil(JobID(jobID), "\(jobID) is a lower-case UUIDv7")
            XCTAssertEqual(answer.json["key"] as? String, "jobs/\(jobID).esdk")
            XCTAssertEqual(answer.json["bucket"] as? String, fixture.resources.bucket)
            XCTAssertEqual(answer.json["size"] as? Int, size)
            let sha256 = try await body.sha256()
            XCTAssertEqual(answer.json["sha256"] as? String, sha256)
            accepted[jobID] = (size, sha256, UInt8(index))
        }

        let inventory = try fixture.inventory()
        XCTAssertEqual(Set(inventory.objects.keys), Set(accepted.keys.map { "jobs/\($0).esdk" }))
        XCTAssertEqual(inventory.openUploads, 0)
        XCTAssertEqual(inventory.messages.count, sizes.count)
        for body in inventory.messages {
            let message = try JobMessageDecoder(maxObjectBytes: 256 << 20, bucket: fixture.resources.bucket).decode(body)
            let expected = try XCTUnwrap(accepted[message.jobID.text])
            XCTAssertEqual(message.bucket, fixture.resources.bucket)
            XCTAssertEqual(message.key, "jobs/\(message.jobID.text).esdk")
            XCTAssertEqual(message.size, expected.size)
            XCTAssertEqual(message.sha256, expected.sha256)
            XCTAssertEqual(message.principal, "apikey:alice")
            let object = try XCTUnwrap(inventory.objects[message.key])
            XCTAssertEqual(object.sse, "aws:kms")
            XCTAssertEqual(object.metadata["nitroforge-owner"], ProducerFixture.sha256Hex("apikey:alice"))
        }

        for (jobID, expected) in accepted {
            let context = fixture.inputContext(jobID: jobID)
            let decrypted = try fixture.decryptWithCLI(key: "jobs/\(jobID).esdk", context: context)
            XCTAssertEqual(decrypted.size, expected.size, "job \(jobID)")
            XCTAssertEqual(decrypted.sha256, expected.sha256, "job \(jobID)")
            XCTAssertEqual(decrypted.context, context, "exactly the design's context for job \(jobID)")
        }
        XCTAssertTrue(producer.isRunning)
    }

    func testRefusedRequestsLeaveNothingStoredOrQueued() async throws {
        let small = try fixture.startProducer(maxPayloadBytes: 65536)
        let big = try fixture.startProducer()
        let body = PatternBody(size: 100, seed: 1)
        let http = fixture.http

        let noCredentials = try await http.send(.POST, small.url + "/v1/jobs", body: .bytes(ByteBuffer(string: "data")))
        XCTAssertEqual(noCredentials.status, 401)
        XCTAssertEqual(noCredentials.errorCode, "unauthorized")
        let wrongKey = try await fixture.submit(small, body: body, key: "not-a-key")
        XCTAssertEqual(wrongKey.status, 401)
        XCTAssertFalse(wrongKey.body.contains("not-a-key"), "the answer never repeats a credential")
        let wrongScheme = try await http.send(.POST, small.url + "/v1/jobs", headers: [("Authorization", "Basic \(ProducerFixture.aliceKey)")],
                                              body: .bytes(ByteBuffer(string: "data")))
        XCTAssertEqual(wrongScheme.status, 401)
        let badIdempotencyKey = try await fixture.submit(small, body: body, headers: [("Idempotency-Key", "has space")])
        XCTAssertEqual(badIdempotencyKey.status, 400)
        XCTAssertEqual(badIdempotencyKey.errorCode, "bad_request")

        let tooLargeDeclared = try await fixture.submit(small, body: PatternBody(size: 65537, seed: 2))
        XCTAssertEqual(tooLargeDeclared.status, 413)
        XCTAssertEqual(tooLargeDeclared.errorCode, "payload_too_large")
        let tooLargeStreamed = try await fixture.submit(small, body: PatternBody(size: 200_000, seed: 3), knownLength: false)
        XCTAssertEqual(tooLargeStreamed.status, 413)

        // A body shorter than its Content-Length, then the connection closed; and a client gone mid-body of
        // a multipart upload (the producer's parts are 5 MiB).
        try RawClient.sendTruncated(port: small.port, declared: 1000, sent: 10, key: ProducerFixture.aliceKey)
        try RawClient.sendTruncated(port: big.port, declared: 30 << 20, sent: 20 << 20, key: ProducerFixture.aliceKey)
        try await Task.sleep(for: .seconds(2))

        let inventory = try fixture.inventory()
        XCTAssertEqual(inventory.objects.count, 0, "stored: \(inventory.objects.keys.sorted())")
        XCTAssertEqual(inventory.messages.count, 0)
        XCTAssertEqual(inventory.openUploads, 0, "the interrupted multipart upload was aborted")
        XCTAssertTrue(small.isRunning && big.isRunning)
    }

    func testIdempotencyKeyAnswersWithTheFirstJobForItsCallerOnly() async throws {
        let producer = try fixture.startProducer()
        let key = "retry-\(UUID().uuidString)"
        let first = try await fixture.submit(producer, body: PatternBody(size: 5000, seed: 4), headers: [("Idempotency-Key", key)])
        let again = try await fixture.submit(producer, body: PatternBody(size: 5000, seed: 4), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(first.status, 202)
        XCTAssertEqual(again.status, 202)
        XCTAssertEqual(first.json["jobId"] as? String, again.json["jobId"] as? String)
        XCTAssertEqual(first.body, again.body)
        // The same key from another caller is another job: keys are scoped to the principal.
        let bob = try await fixture.submit(producer, body: PatternBody(size: 5000, seed: 4), key: ProducerFixture.bobKey,
                                           headers: [("Idempotency-Key", key)])
        XCTAssertEqual(bob.status, 202)
        XCTAssertNotEqual(bob.json["jobId"] as? String, first.json["jobId"] as? String)
        // A restarted producer still knows the key: the record is in the bucket.
        producer.stop()
        let restarted = try fixture.startProducer()
        let afterRestart = try await fixture.submit(restarted, body: PatternBody(size: 5000, seed: 4), headers: [("Idempotency-Key", key)])
        XCTAssertEqual(afterRestart.json["jobId"] as? String, first.json["jobId"] as? String)

        let inventory = try fixture.inventory()
        XCTAssertEqual(inventory.jobObjects.count, 2)
        XCTAssertEqual(inventory.messages.count, 2)
    }

    func testStatusHealthReadinessMetricsAndTheOpenAPIDocument() async throws {
        let producer = try fixture.startProducer()
        let http = fixture.http
        let answer = try await http.send(.POST, producer.url + "/encrypt", headers: [("X-API-Key", ProducerFixture.aliceKey)],
                                         body: .bytes(ByteBuffer(string: "a,b\n1,2\n")))
        XCTAssertEqual(answer.status, 202, answer.body)
        let jobID = try XCTUnwrap(answer.json["jobId"] as? String)
        let alice = [("Authorization", "Bearer \(ProducerFixture.aliceKey)")], bob = [("Authorization", "Bearer \(ProducerFixture.bobKey)")]

        let pending = try await http.send(.GET, producer.url + "/v1/jobs/\(jobID)", headers: alice)
        XCTAssertEqual(pending.json["status"] as? String, "pending")
        let other = try await http.send(.GET, producer.url + "/v1/jobs/\(jobID)", headers: bob)
        XCTAssertEqual(other.status, 404, "another caller learns nothing about the job")
        let malformed = try await http.send(.GET, producer.url + "/v1/jobs/not-a-job", headers: alice)
        XCTAssertEqual(malformed.status, 400)
        try Tools.run(try Tools.directory + "/python", [Tools.peer.path, "put", fixture.moto.url.absoluteString, fixture.resources.bucket,
                                                      "results/\(jobID).esdk", ProducerFixture.sha256Hex("apikey:alice")])
        let done = try await http.send(.GET, producer.url + "/v1/jobs/\(jobID)", headers: alice)
        XCTAssertEqual(done.json["status"] as? String, "done")

        let health = try await http.send(.GET, producer.url + "/healthz")
        XCTAssertEqual(health.status, 200)
        let ready = try await http.send(.GET, producer.url + "/readyz")
        XCTAssertEqual(ready.status, 200, ready.body)
        XCTAssertEqual(ready.json["checks"] as? [String: String], ["kms": "ok", "s3": "ok", "sqs": "ok"])
        let metrics = try await http.send(.GET, producer.url + "/metrics")
        XCTAssertTrue(metrics.body.contains(#"nitroforge_producer_requests_total{route="/encrypt",status="202"} 1"#), metrics.body)
        XCTAssertTrue(metrics.body.contains("nitroforge_producer_kms_calls_total 1"), metrics.body)
        XCTAssertTrue(metrics.body.contains("nitroforge_producer_request_duration_seconds_bucket"), metrics.body)

        let served = try await http.send(.GET, producer.url + "/openapi.json")
        let committed = try String(contentsOf: ProducerFixture.repo.appendingPathComponent("docs/producer-openapi.json"), encoding: .utf8)
        XCTAssertEqual(served.body, committed, "docs/producer-openapi.json is the document the producer serves")
    }

    func testAFailedSendDeletesTheStoredObject() async throws {
        let producer = try fixture.startProducer(queueURL: fixture.resources.missingQueueUrl)
        let answer = try await fixture.submit(producer, body: PatternBody(size: 3000, seed: 5))
        XCTAssertEqual(answer.status, 503, answer.body)
        XCTAssertEqual(answer.errorCode, "service_unavailable")
        XCTAssertNotNil(answer.headers.first { $0.0.lowercased() == "retry-after" })
        let inventory = try fixture.inventory()
        XCTAssertEqual(inventory.objects.count, 0, "the object of a job that was never queued is deleted")
    }

    func testRateLimitPerPrincipal() async throws {
        let producer = try fixture.startProducer(extra: "limits:\n  requestsPerMinutePerPrincipal: 3")
        for _ in 0..<3 {
            let answer = try await fixture.submit(producer, body: PatternBody(size: 10, seed: 6))
            XCTAssertEqual(answer.status, 202)
        }
        let refused = try await fixture.submit(producer, body: PatternBody(size: 10, seed: 6))
        XCTAssertEqual(refused.status, 429)
        XCTAssertNotNil(Int(refused.headers.first { $0.0.lowercased() == "retry-after" }?.1 ?? ""))
        let bob = try await fixture.submit(producer, body: PatternBody(size: 10, seed: 6), key: ProducerFixture.bobKey)
        XCTAssertEqual(bob.status, 202, "each principal has its own budget")
        XCTAssertEqual(try fixture.inventory().messages.count, 4)
    }

    func testSIGTERMDuringAnUploadLetsItFinish() async throws {
        let fixture = try XCTUnwrap(fixture)
        let producer = try fixture.startProducer()
        let body = PatternBody(size: 200 << 20, seed: 7)
        async let answer = fixture.submit(producer, body: body.paced(bytesPerSecond: 40 << 20))
        try await Task.sleep(for: .seconds(2))
        producer.signal(SIGTERM)
        let finished = try await answer
        XCTAssertEqual(finished.status, 202, finished.body)
        XCTAssertEqual(producer.waitForExit(seconds: 30), 0, "the producer exits once the upload in flight is done")
        let inventory = try fixture.inventory()
        XCTAssertEqual(inventory.objects.count, 1)
        XCTAssertEqual(inventory.messages.count, 1)
    }

    func testAWSUnreachableAnswers503() async throws {
        let producer = try fixture.startProducer()
        fixture.moto.stop()
        let answer = try await fixture.submit(producer, body: PatternBody(size: 100, seed: 8))
        XCTAssertEqual(answer.status, 503, answer.body)
        XCTAssertEqual(answer.errorCode, "service_unavailable")
        let ready = try await fixture.http.send(.GET, producer.url + "/readyz")
        XCTAssertEqual(ready.status, 503)
        XCTAssertEqual(ready.json["status"] as? String, "not ready")
    }
}
