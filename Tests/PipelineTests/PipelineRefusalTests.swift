import Crypto
import Foundation
import JobProtocol
import NitroTestSupport
import XCTest

/// Jobs the pipeline must not process end in the dead-letter queue after the queue's receive count, with no
/// result, while a good job beside them completes: a processor that fails every time, messages pointing
/// at another bucket or prefix, an input truncated after some frames, an object swapped in from another
/// job, and an input whose context names another bucket.
final class PipelineRefusalTests: XCTestCase {
    private static let shared = SharedDevStack()

    override class func tearDown() {
        shared.down()
        super.tearDown()
    }

    /// Encrypts `text` as the producer would for `job` (through the development KMS, as the producer role),
    /// with `bucket` in its context, in 1 KiB frames.
    private func producerMessage(_ stack: DevStack, _ text: String, job: JobID, bucket: String? = nil) throws -> URL {
        let plaintext = stack.folder.appendingPathComponent("\(job.text).csv")
        let message = stack.folder.appendingPathComponent("\(job.text).esdk")
        try text.write(to: plaintext, atomically: true, encoding: .utf8)
        var arguments = ["encrypt", "--key-id", stack.answer.dataKeyArn, "--in", plaintext.path, "--out", message.path, "--frame-size", "1024"]
        let context = JobEncryptionContext.input(app: "fraud-scoring", jobID: job, bucket: bucket ?? stack.answer.bucket,
                                                 key: job.jobKey(prefix: "jobs/"), tenant: nil)
        for (key, value) in context.sorted(by: { $0.key < $1.key }) { arguments += ["--context", "\(key)=\(value)"] }
        let outcome = try Nitroforge.run(arguments, environment: stack.environment(stack.answer.identities.producer))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return message
    }

    /// Queues the job message the producer would send for `job` (the host validates it; the test is the sender).
    private func queue(_ stack: DevStack, job: JobID, plaintext: String, bucket: String? = nil, key: String? = nil) throws {
        let digest = SHA256.hash(data: Data(plaintext.utf8)).map { String(format: "%02x", $0) }.joined()
        let message = JobMessage(jobID: job, bucket: bucket ?? stack.answer.bucket, key: key ?? job.jobKey(prefix: "jobs/"),
                                 size: plaintext.utf8.count, sha256: digest, submittedAt: Date(), principal: "test")
        _ = try stack.peer(["send", stack.answer.queueUrl, message.encoded()])
    }

    func testRefusedJobsReachTheDeadLetterQueueWithoutAResultWhileAGoodJobCompletes() throws {
        let stack = try Self.shared.get()
        let sample = try String(contentsOf: stack.example.appendingPathComponent("sample.csv"), encoding: .utf8)
        let rows = String(repeating: sample.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n", count: 20)
        let header = String(sample.split(separator: "\n")[0]) + "\n"

        // A processor that fails every time: the scorer answers 400 to a CSV without its features.
        let poisonFile = stack.folder.appendingPathComponent("poison.csv")
        try "a,b\n1,2\n".write(to: poisonFile, atomically: true, encoding: .utf8)
        let poison = try stack.submit(poisonFile)
        let good = try stack.submit(stack.example.appendingPathComponent("sample.csv"))

        // Messages the host must not pass on.
        let otherBucket = JobID.generate(), otherPrefix = JobID.generate()
        try queue(stack, job: otherBucket, plaintext: sample, bucket: "someone-elses-bucket")
        try queue(stack, job: otherPrefix, plaintext: sample, key: "uploads/\(otherPrefix.text).esdk")

        // An input truncated after some frames.
        let truncated = JobID.generate()
        let longText = header + rows
        let whole = try producerMessage(stack, longText, job: truncated)
        let cut = stack.folder.appendingPathComponent("cut.esdk")
        try Data(try Data(contentsOf: whole).dropLast(1500)).write(to: cut)
        _ = try stack.peer(["put", stack.answer.bucket, truncated.jobKey(prefix: "jobs/"), cut.path])
        try queue(stack, job: truncated, plaintext: longText)

        // Another job's object under this job's key.
        try stack.waitForStatus(good, "done")
        let swapped = JobID.generate()
        _ = try stack.peer(["copy", stack.answer.bucket, "jobs/\(good).esdk", swapped.jobKey(prefix: "jobs/")])
        try queue(stack, job: swapped, plaintext: sample)

        // An input whose context names another bucket than the one it is in.
        let changed = JobID.generate()
        let changedMessage = try producerMessage(stack, sample, job: changed, bucket: "another-bucket")
        _ = try stack.peer(["put", stack.answer.bucket, changed.jobKey(prefix: "jobs/"), changedMessage.path])
        try queue(stack, job: changed, plaintext: sample)

        let refused = [poison, otherBucket.text, otherPrefix.text, truncated.text, swapped.text, changed.text]
        let deadline = Date().addingTimeInterval(180)
        var counts = try stack.counts()
        while Date() < deadline, counts != (0, refused.count) {
            Thread.sleep(forTimeInterval: 2)
            counts = try stack.counts()
        }
        XCTAssertEqual(counts.queue, 0, "messages left in the queue")
        XCTAssertEqual(counts.dlq, refused.count, "messages in the dead-letter queue")

        let results = Set(try stack.keys("results/"))
        XCTAssertTrue(results.contains("results/\(good).esdk"))
        for job in refused { XCTAssertFalse(results.contains("results/\(job).esdk"), "a refused job \(job) has a result") }
        // Jobs the enclave refused are marked failed on their last receive; messages the host refused never reached it.
        for job in [poison, truncated.text, swapped.text, changed.text] {
            XCTAssertTrue(results.contains("results/\(job).failed"), "\(job) has no .failed marker: \(results.sorted())")
        }
        XCTAssertEqual(try stack.status(poison), "failed")
        for job in [otherBucket.text, otherPrefix.text] { XCTAssertFalse(results.contains("results/\(job).failed")) }

        let logs = try stack.allLogs()
        for reason in ["nitroforge:job", "nitroforge:bucket", "truncated", "bucket", "HTTP 400"] {
            XCTAssertTrue(logs.contains(reason), "no log line mentions \(reason)")
        }
    }
}
