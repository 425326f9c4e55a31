import ConsumerHost
import Foundation
import JobProtocol
import XCTest

/// `host.yaml` as generated, as filled by Terraform, and with mistakes; and `nitroforge-host --check-config` on each.
final class HostConfigurationTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var executable: URL { Bundle.main.bundleURL.appendingPathComponent("nitroforge-host") }
    static var generated: URL { repo.appendingPathComponent("terraform-out/host/host.yaml") }

    static func checkConfig(_ path: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--config", path, "--check-config"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// What Terraform's templatefile() does with the generated file's variables.
    static func filled(_ template: String) -> String {
        let values = [
            "jobs_queue_url": "https://sqs.us-east-1.amazonaws.com/111122223333/fraud-scoring-jobs",
            "jobs_bucket": "fraud-scoring-jobs-111122223333",
            "storage_key_arn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "host_log_group": "/nitroforge/fraud-scoring/host",
            "enclave_log_group": "/nitroforge/fraud-scoring/enclave",
        ]
        var text = template.replacingOccurrences(of: "$${", with: "\u{0}")
        for (name, value) in values { text = text.replacingOccurrences(of: "${\(name)}", with: value) }
        return text.replacingOccurrences(of: "\u{0}", with: "${")
    }

    func testGeneratedFileNamesEachUnresolvedPlaceholder() throws {
        let checked = try Self.checkConfig(Self.generated.path)
        XCTAssertEqual(checked.status, 1)
        let lines = checked.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 5, checked.stderr)
        for (field, variable) in [("queue.url", "jobs_queue_url"), ("storage.bucket", "jobs_bucket"), ("storage.storageKeyArn", "storage_key_arn"),
                                  ("logs.hostLogGroup", "host_log_group"), ("logs.enclaveLogGroup", "enclave_log_group")] {
            XCTAssertTrue(lines.contains { $0.contains("\(field): ${\(variable)} is a Terraform placeholder") }, "\(field)\n\(checked.stderr)")
        }
    }

    func testGeneratedFileLoadsOnceTerraformFillsIt() throws {
        let text = Self.filled(try String(contentsOf: Self.generated, encoding: .utf8))
        let configuration = try HostConfiguration.load(yaml: text, file: "host.yaml")
        XCTAssertEqual(configuration.app, "fraud-scoring")
        XCTAssertEqual(configuration.queue, .init(url: "https://sqs.us-east-1.amazonaws.com/111122223333/fraud-scoring-jobs", waitTimeSeconds: 20,
                                                  maxMessages: 10, visibilityTimeoutSeconds: 960, maxReceiveCount: 3))
        XCTAssertEqual(configuration.storage.bucket, "fraud-scoring-jobs-111122223333")
        XCTAssertEqual(configuration.storage.maxObjectBytes, 1 << 30)
        XCTAssertEqual(configuration.enclave.jobsAddress, .vsock(cid: 16, port: 5005))
        XCTAssertEqual(configuration.enclave.logsListenAddress, .vsock(cid: 4_294_967_295, port: 5006))
        XCTAssertEqual(configuration.enclave.maxConcurrentJobs, 1)
        XCTAssertEqual(configuration.logs, .init(hostLogGroup: "/nitroforge/fraud-scoring/host", enclaveLogGroup: "/nitroforge/fraud-scoring/enclave"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let checked = try Self.checkConfig(file.path)
        XCTAssertEqual(checked.status, 0, checked.stderr)
        XCTAssertEqual(checked.stdout, "\(file.path): valid\n")
    }

    func testDevelopmentAddressesOverrideVsock() throws {
        let text = Self.filled(try String(contentsOf: Self.generated, encoding: .utf8))
            .replacingOccurrences(of: "  jobTimeoutSeconds: 900\n",
                                  with: "  jobTimeoutSeconds: 900\n  address: tcp:127.0.0.1:5005\n  logsAddress: tcp:127.0.0.1:5006\n  maxConcurrentJobs: 4\n")
        let configuration = try HostConfiguration.load(yaml: text, file: "host.yaml")
        XCTAssertEqual(configuration.enclave.jobsAddress, .tcp(host: "127.0.0.1", port: 5005))
        XCTAssertEqual(configuration.enclave.logsListenAddress, .tcp(host: "127.0.0.1", port: 5006))
        XCTAssertEqual(configuration.enclave.maxConcurrentJobs, 4)
    }

    func testMistakesNameTheFieldAndLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("host-mistakes-\(UUID().uuidString).yaml")
        try """
        app: fraud-scoring
        region: us-east-1
        queue:
          url: not-a-queue
          waitTimeSeconds: 30
          visibilityTimeoutSeconds: 60
          maxRecieveCount: 3
        storage:
          bucket: fraud-scoring-jobs
          maxObjectBytes: 0
        enclave:
          jobTimeoutSeconds: 60
          logsAddress: udp:5006
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let checked = try Self.checkConfig(file.path)
        XCTAssertEqual(checked.status, 1)
        let lines = checked.stderr.split(separator: "\n").map(String.init)
        let expected = [
            ("4:", "queue.url"), ("5:", "queue.waitTimeSeconds"), ("7:", "queue.maxRecieveCount"), ("10:", "storage.maxObjectBytes"),
            ("13:", "enclave.logsAddress"),
        ]
        XCTAssertEqual(lines.count, expected.count, checked.stderr)
        for (line, field) in expected {
            XCTAssertTrue(lines.contains { $0.hasPrefix("\(file.path):\(line)") && $0.contains(field) }, "\(field) at line \(line)\n\(checked.stderr)")
        }
        XCTAssertTrue(checked.stderr.contains(#"did you mean "maxReceiveCount""#))
    }

    func testOutOfRangeAddressIsReportedAtItsLine() {
        let yaml = """
        app: fraud-scoring
        region: us-east-1
        queue:
          url: http://127.0.0.1:5000/123456789012/jobs
          visibilityTimeoutSeconds: 60
        storage:
          bucket: fraud-scoring-jobs
          maxObjectBytes: 1024
        enclave:
          jobTimeoutSeconds: 60
          address: tcp:127.0.0.1:70000
        """
        XCTAssertThrowsError(try HostConfiguration.load(yaml: yaml, file: "host.yaml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("host.yaml:11:"), "\(error)")
            XCTAssertTrue("\(error)".contains("enclave.address"), "\(error)")
        }
    }

    private static let minimal = """
    app: fraud-scoring
    region: us-east-1
    queue:
      url: http://127.0.0.1:5000/123456789012/jobs
      visibilityTimeoutSeconds: 60
    storage:
      bucket: fraud-scoring-jobs
      maxObjectBytes: 1024
    enclave:
      jobTimeoutSeconds: 60
    """

    func testTheModelIsOptionalAndReadWhenPresent() throws {
        XCTAssertNil(try HostConfiguration.load(yaml: Self.minimal, file: "host.yaml").model)
        let yaml = Self.minimal + "\nmodel:\n  bucket: fraud-scoring-models\n  key: models/scorer.esdk\n"
        XCTAssertEqual(try HostConfiguration.load(yaml: yaml, file: "host.yaml").model,
                       HostConfiguration.Model(bucket: "fraud-scoring-models", key: "models/scorer.esdk"))
    }

    func testAModelMistakeIsNamedByItsFieldAndLine() {
        let yaml = Self.minimal + "\nmodel:\n  bucket: Not_A_Bucket\n  kee: models/scorer.esdk\n"
        XCTAssertThrowsError(try HostConfiguration.load(yaml: yaml, file: "host.yaml")) { error in
            let lines = "\(error)".split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 3, "\(error)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("host.yaml:11:") && $0.contains("model.key: is required") }, "\(error)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("host.yaml:12:") && $0.contains("model.bucket") }, "\(error)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("host.yaml:13:") && $0.contains(#"model.kee: unknown key "kee" (did you mean "key"?)"#) },
                          "\(error)")
        }
    }
}
