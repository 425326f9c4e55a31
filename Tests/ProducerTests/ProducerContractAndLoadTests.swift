import AsyncHTTPClient
import Foundation
import JobProtocol
import NIOCore
import NitroTestSupport
import XCTest

/// The producer against its own OpenAPI document (schemathesis, an independent fuzzer of OpenAPI servers)
/// and under load: every accepted job has exactly one object and one message, and nothing else is stored.
final class ProducerContractAndLoadTests: XCTestCase {
    private var fixture: ProducerFixture!

    override func setUp() async throws {
        fixture = try ProducerFixture()
    }

    override func tearDown() async throws {
        await fixture.shutdown()
    }

    func testSchemathesisFindsNoServerErrorAndNoAnswerOutsideTheDocument() throws {
        let producer = try fixture.startProducer(maxPayloadBytes: 1 << 20, extra: "limits:\n  requestsPerMinutePerPrincipal: 100000")
        // Exits non-zero on any failed check: a 5xx, an undocumented status, a body or header that is not what
        // the document says, a schema-valid request refused, an undeclared method not answered with 405.
        let output = try Tools.run(try Tools.directory + "/schemathesis", [
            "run", producer.url + "/openapi.json", "--header", "Authorization: Bearer \(ProducerFixture.aliceKey)",
            "--checks", "all", "--max-examples", "25", "--workers", "1", "--no-color", "--seed", "1",
        ])
        XCTAssertTrue(output.contains("passed"), output)
        XCTAssertTrue(producer.isRunning)
    }

    func testFiveThousandJobsFromSixtyFourClientsEachHaveOneObjectAndOneMessage() async throws {
        let producer = try fixture.startProducer(extra: "limits:\n  requestsPerMinutePerPrincipal: 1000000\n  maxConcurrentRequests: 128")
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(120)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let total = 5000, clients = 64
        let url = producer.url + "/v1/jobs"
        // A consumer beside the load, as the host agent would be: it keeps moto's queue short.
        let resources = fixture.resources, moto = fixture.moto.url.absoluteString
        let drained = Task.detached {
            try Tools.run(try Tools.directory + "/python", [Tools.peer.path, "drain", moto, resources.queueUrl, String(total), "900"])
        }
        let answers = try await withThrowingTaskGroup(of: [Answer].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var answers: [Answer] = []
                    for request in stride(from: client, to: total, by: clients) {
                        let body = ByteBuffer(string: "job \(request) of the load test\n")
                        answers.append(try await http.send(.POST, url, headers: [("Authorization", "Bearer \(ProducerFixture.aliceKey)")],
                                                           body: .bytes(body)))
                    }
                    return answers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        try await http.shutdown()
        let accepted = answers.filter { $0.status == 202 }
        XCTAssertEqual(accepted.count, total, "statuses: \(Dictionary(grouping: answers, by: \.status).mapValues(\.count))")
        let jobIDs = Set(accepted.compactMap { $0.json["jobId"] as? String })
        XCTAssertEqual(jobIDs.count, accepted.count, "every job id is new")

        let bodies = try JSONDecoder().decode([String].self, from: Data(try await drained.value.utf8))
        let decoder = JobMessageDecoder(maxObjectBytes: 1 << 20, bucket: fixture.resources.bucket)
        let messages = try bodies.map { try decoder.decode($0).jobID.text }
        XCTAssertEqual(messages.count, total, "one message per accepted job")
        XCTAssertEqual(Set(messages), jobIDs)
        let inventory = try fixture.inventory()
        XCTAssertEqual(Set(inventory.objects.keys), Set(jobIDs.map { "jobs/\($0).esdk" }), "one object per accepted job, nothing else")
        XCTAssertEqual(inventory.messages.count, 0, "nothing else was queued")
    }
}
