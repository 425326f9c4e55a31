import Foundation
import NitroTestSupport
import XCTest

/// A spec that names a model: `dev up --model FILE` stores it encrypted as the model publisher would, the
/// host sends it to the enclave before the first job, and the enclave starts the http processor only once
/// the model arrived and verified, with its path in NITROFORGE_MODEL; jobs then come back as usual.
final class PipelineModelTests: XCTestCase {
    private static let shared = SharedDevStack(extraArguments: ["--model", Nitroforge.repo.appendingPathComponent("examples/inference/model.json").path]) { spec in
        spec.replacingOccurrences(of: "\nkms:\n", with: "\nkms:\n  modelPublisher: arn:aws:iam::111122223333:role/model-release\n")
            .replacingOccurrences(of: "\n  processor:\n", with: "\n  model:\n    bucket: fraud-models-dev\n    key: models/scorer.esdk\n  processor:\n")
    }

    override class func tearDown() {
        shared.down()
        super.tearDown()
    }

    func testTheModelReachesTheEnclaveBeforeTheFirstJob() throws {
        let stack = try Self.shared.get()
        let job = try stack.submit(stack.example.appendingPathComponent("sample.csv"))
        try stack.waitForStatus(job, "done")
        let result = try stack.readResult("results/\(job).esdk", claimedJob: job)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, try PipelineResultTests.expectedScores(
            csv: try String(contentsOf: stack.example.appendingPathComponent("sample.csv"), encoding: .utf8),
            model: stack.example.appendingPathComponent("model.json")))

        let logs = try stack.allLogs()
        let hostLog = try String(contentsOf: stack.logs.appendingPathComponent("host.log"), encoding: .utf8)
        let modelSent = try XCTUnwrap(hostLog.range(of: "models/scorer.esdk"), "the host log never mentions the model")
        let jobSent = try XCTUnwrap(hostLog.range(of: job), "the host log never mentions the job")
        XCTAssertLessThan(modelSent.lowerBound, jobSent.lowerBound, "the model went to the enclave after the job")
        XCTAssertFalse(logs.contains("\"weights\""), "a log holds the model's plaintext")
    }
}
