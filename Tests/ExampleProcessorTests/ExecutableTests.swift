import AsyncHTTPClient
import Foundation
import NIOCore
import XCTest

/// `nitroforge-example` as a subprocess, in both processor forms: `exec` (stdin to stdout) and `http`.
final class ExecutableTests: XCTestCase {
    private var modelPath: String { Examples.url("inference/model.json").path }

    private func expectedSampleScores() throws -> String {
        let scores = try Independent.scores(csv: try Examples.text("inference/sample.csv"),
                                            model: try Independent.model(json: try Examples.data("inference/model.json")))
        XCTAssertEqual(scores.count, 10)
        return (["score"] + scores).joined(separator: "\n") + "\n"
    }

    func testScoreReadsStandardInputAndWritesScoresToStandardOutput() throws {
        let outcome = try ExampleExecutable.run(["score", "--model", modelPath], input: try Examples.data("inference/sample.csv"))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, try expectedSampleScores())
    }

    func testScoreReportsBadInputOnStandardErrorAndExits1() throws {
        let outcome = try ExampleExecutable.run(["score", "--model", modelPath], input: Data("amount,foreign\n1,0\n".utf8))
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.hasPrefix("error: line 1: no column \"merchant_risk\""), outcome.stderr)
        let unreadable = try ExampleExecutable.run(["score", "--model", "/nonexistent/model.json"])
        XCTAssertEqual(unreadable.status, 3)
        XCTAssertTrue(unreadable.stderr.contains("/nonexistent/model.json"), unreadable.stderr)
    }

    func testTrainWritesTheModelJSONThatScoreReads() throws {
        let outcome = try ExampleExecutable.run(["train", "--epochs", "300"], input: try Examples.data("training/sample.csv"))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["features", "weights", "bias"])
        XCTAssertEqual(object["features"] as? [String], ["claim_amount_k", "days_to_report", "prior_claims", "policy_age_years"])
        let refused = try ExampleExecutable.run(["train", "--learning-rate", "0"], input: try Examples.data("training/sample.csv"))
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("--learning-rate"), refused.stderr)
    }

    func testEverySubcommandHelpHasExamples() throws {
        for subcommand in ["score", "train", "serve"] {
            let outcome = try ExampleExecutable.run([subcommand, "--help"])
            XCTAssertEqual(outcome.status, 0, subcommand)
            XCTAssertTrue(outcome.stdout.contains("EXAMPLES:\n  nitroforge-example \(subcommand)"), outcome.stdout)
        }
    }

    func testServeAnswersScoreTrainAndHealthOnItsPort() async throws {
        let server = try ExampleExecutable.Server(["--model", modelPath, "--max-body-bytes", "4096"])
        defer { server.stop() }
        let sample = try Examples.text("inference/sample.csv")

        let scored = try await post(server.baseURL + "/score", body: sample)
        XCTAssertEqual(scored.status, 200)
        XCTAssertEqual(scored.contentType, "text/csv; charset=utf-8")
        XCTAssertEqual(scored.body, try expectedSampleScores())

        let bad = try await post(server.baseURL + "/score", body: "amount,merchant_risk,foreign,account_age_days\n1,0.5,x,3\n")
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.body, "line 2, column \"foreign\": \"x\" is not a number\n")

        let trained = try await post(server.baseURL + "/train", body: try Examples.text("training/sample.csv"))
        XCTAssertEqual(trained.status, 200, trained.body)
        XCTAssertEqual(trained.contentType, "application/json")
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(trained.body.utf8)) as? [String: Any])

        let tooLarge = try await post(server.baseURL + "/score", body: String(repeating: "x", count: 5000))
        XCTAssertEqual(tooLarge.status, 413)

        var health = HTTPClientRequest(url: server.baseURL + "/health")
        health.method = .GET
        let healthy = try await HTTPClient.shared.execute(health, timeout: .seconds(30))
        XCTAssertEqual(healthy.status.code, 200)
    }

    private struct Answer {
        let status: UInt
        let contentType: String?
        let body: String
    }

    private func post(_ url: String, body: String) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/csv")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: response.status.code, contentType: response.headers.first(name: "Content-Type"), body: String(buffer: bytes))
    }
}
