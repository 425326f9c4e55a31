import Foundation
import JobProtocol
import NitroTestSupport
import XCTest

/// A CSV submitted to the producer comes back as scores only a result reader can open, and nothing on the
/// untrusted side ever holds the plaintext or can pass off a result of its own.
final class PipelineResultTests: XCTestCase {
    private static let shared = SharedDevStack()

    override class func tearDown() {
        shared.down()
        super.tearDown()
    }

    /// The scores the test computes itself from model.json: 1/(1+exp(-(w·x+b))), 6 decimals, one per row.
    static func expectedScores(csv: String, model: URL) throws -> String {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any])
        let features = try XCTUnwrap(object["features"] as? [String])
        let weights = try XCTUnwrap(object["weights"] as? [Double])
        let bias = try XCTUnwrap(object["bias"] as? Double)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try XCTUnwrap(lines.first)
        let columns = try features.map { try XCTUnwrap(header.firstIndex(of: $0), "no column \($0)") }
        var out = "score\n"
        for row in lines.dropFirst() {
            var z = bias
            for (weight, column) in zip(weights, columns) { z += weight * (Double(row[column]) ?? .nan) }
            out += String(format: "%.6f", 1 / (1 + exp(-z))) + "\n"
        }
        return out
    }

    func testACSVComesBackAsScoresThatOnlyTheResultReaderOpensAndNoLogHoldsItsPlaintext() throws {
        let stack = try Self.shared.get()
        let marker = "PLAINTEXT-MARKER-\(UUID().uuidString)"
        let sample = try String(contentsOf: stack.example.appendingPathComponent("sample.csv"), encoding: .utf8)
        var lines = sample.split(separator: "\n").map(String.init)
        lines[0] += ",note"
        for index in lines.indices.dropFirst() { lines[index] += ",\(marker)" }
        let csv = lines.joined(separator: "\n") + "\n"
        let file = stack.folder.appendingPathComponent("marked.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)

        let job = try stack.submit(file)
        try stack.waitForStatus(job, "done")
        let result = try stack.readResult("results/\(job).esdk", claimedJob: job)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, try Self.expectedScores(csv: csv, model: stack.example.appendingPathComponent("model.json")))
        XCTAssertEqual(result.stdout.split(separator: "\n").count, lines.count)

        // The host, the enclave's records, the development KMS and the producer logged the job, never its bytes.
        let logs = try stack.allLogs()
        XCTAssertTrue(logs.contains(job), "the logs should show the job's id")
        XCTAssertFalse(logs.contains(marker), "a log holds plaintext")
    }

    func testAResultPassedOffAsAnotherJobsOrMadeUnderAnotherKeyIsRefusedByTheReader() throws {
        let stack = try Self.shared.get()
        let job = try stack.submit(stack.example.appendingPathComponent("sample.csv"))
        try stack.waitForStatus(job, "done")

        // The host copies a real result to another job's result key: the reader requires that job's context.
        let other = JobID.generate().text
        _ = try stack.peer(["copy", stack.answer.bucket, "results/\(job).esdk", "results/\(other).esdk"])
        let passedOff = try stack.readResult("results/\(other).esdk", claimedJob: other)
        XCTAssertNotEqual(passedOff.status, 0, "a result was accepted as another job's")
        XCTAssertTrue(passedOff.stderr.contains("nitroforge:job"), passedOff.stderr)

        // The host makes a key of its own and writes a result under it, with the right context.
        let hostKey = try XCTUnwrap(try stack.peer(["create-key"]) as? String)
        let forgedPlaintext = stack.folder.appendingPathComponent("forged.csv")
        try "score\n0.000001\n".write(to: forgedPlaintext, atomically: true, encoding: .utf8)
        let forged = stack.folder.appendingPathComponent("forged.esdk")
        let encrypt = try Nitroforge.run([
            "encrypt", "--key-id", hostKey, "--in", forgedPlaintext.path, "--out", forged.path,
            "--context", "nitroforge:app=fraud-scoring", "--context", "nitroforge:purpose=result", "--context", "nitroforge:job=\(other)",
        ], environment: ["AWS_ENDPOINT_URL": stack.answer.awsEndpoint, "AWS_ENDPOINT_URL_KMS": "", "AWS_REGION": "us-east-1",
                         "AWS_ACCESS_KEY_ID": "host", "AWS_SECRET_ACCESS_KEY": "host"])
        XCTAssertEqual(encrypt.status, 0, encrypt.stderr)
        _ = try stack.peer(["put", stack.answer.bucket, "results/\(other).esdk", forged.path])
        let underAnotherKey = try stack.readResult("results/\(other).esdk", claimedJob: other)
        XCTAssertNotEqual(underAnotherKey.status, 0, "a result under the host's own key was accepted")
        XCTAssertTrue(underAnotherKey.stderr.contains(hostKey) || underAnotherKey.stderr.contains("keyring"), underAnotherKey.stderr)

        // The genuine result still reads.
        XCTAssertEqual(try stack.readResult("results/\(job).esdk", claimedJob: job).status, 0)
    }
}
