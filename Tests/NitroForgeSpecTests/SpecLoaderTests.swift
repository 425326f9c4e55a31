import Foundation
import NitroForgeSpec
import XCTest

final class SpecLoaderTests: XCTestCase {
    private func load(_ yaml: String) throws(SpecLoadError) -> Spec {
        try SpecLoader.load(yaml: yaml, file: "test.yaml", sourceFile: URL(fileURLWithPath: "/specs/test.yaml"))
    }

    private func minimalText() throws -> String {
        try String(contentsOf: FixtureFiles.url("valid/minimal.yaml"), encoding: .utf8)
    }

    func testMinimalSpecGetsTheDocumentedDefaults() throws {
        let spec = try SpecLoader.load(path: FixtureFiles.url("valid/minimal.yaml").path)
        XCTAssertEqual(spec.name, "demo")
        XCTAssertNil(spec.accountId)
        XCTAssertEqual(spec.accountForARNs, "111122223333")
        XCTAssertEqual(spec.network.mode, .create)
        XCTAssertEqual(spec.network.cidr, "10.0.0.0/16")
        XCTAssertEqual(spec.network.availabilityZones, 2)
        XCTAssertEqual(spec.network.egress, .endpoints)
        XCTAssertEqual(spec.producer.runsOn, .ec2)
        XCTAssertEqual(spec.producer.port, 8443)
        XCTAssertEqual(spec.producer.maxPayloadBytes, 1024 * 1024 * 1024)
        XCTAssertEqual(spec.producer.ingress?.scheme, .internal)
        XCTAssertNil(spec.producer.ingress?.wafRateLimit)
        XCTAssertEqual(spec.storage.lifecycleDays, 30)
        XCTAssertTrue(spec.storage.accessLogging)
        XCTAssertNil(spec.storage.bucketName)
        XCTAssertNil(spec.storage.objectLock)
        XCTAssertEqual(spec.queue.name, "demo-jobs")
        XCTAssertEqual(spec.queue.deadLetterQueueName, "demo-jobs-dlq")
        XCTAssertEqual(spec.queue.visibilityTimeoutSeconds, 960, "job timeout 900 + 60")
        XCTAssertEqual(spec.queue.maxReceiveCount, 3)
        XCTAssertEqual(spec.queue.retentionSeconds, 4 * 86400)
        XCTAssertTrue(spec.kms.rotation)
        XCTAssertEqual(spec.kms.deletionWindowDays, 30)
        XCTAssertEqual(spec.enclave.instanceType, "m6i.xlarge")
        XCTAssertEqual(spec.enclave.vcpus, 2)
        XCTAssertEqual(spec.enclave.memoryMiB, 4096)
        XCTAssertFalse(spec.enclave.debug)
        XCTAssertEqual(spec.enclave.image, .dockerfile(path: "Dockerfile", context: "."))
        XCTAssertEqual(spec.enclave.processor, .http(HTTPProcessor(url: "http://127.0.0.1:8080/")))
        XCTAssertEqual(spec.enclave.jobTimeoutSeconds, 900)
        XCTAssertEqual(spec.enclave.measurementsPath, "build/measurements.json")
        XCTAssertEqual(spec.enclave.measurementsURL.path,
                       try FixtureFiles.url("valid/build/measurements.json").standardizedFileURL.path)
        XCTAssertNil(spec.measurements)
        XCTAssertEqual(spec.scaling, ScalingSpec(min: 1, max: 4, targetBacklogPerInstance: 10))
        XCTAssertEqual(spec.results, ResultsSpec(store: true, prefix: "results/"))
        XCTAssertEqual(spec.monitoring, MonitoringSpec(alarms: true, snsTopicArn: nil, alarmEmail: nil, cloudTrail: true))
        XCTAssertEqual(spec.tags, [:])
    }

    func testEveryProblemIsReportedAtOnceInFileOrder() throws {
        let text = try minimalText()
            .replacingOccurrences(of: "name: demo", with: "name: Demo")
            .replacingOccurrences(of: "enclave:\n", with: "enclave:\n  instanceTyp: m6i.xlarge\n  vcpus: 3\n")
        XCTAssertThrowsError(try load(text)) { error in
            let issues = (error as! SpecLoadError).issues
            XCTAssertEqual(issues.map(\.line), [2, 15, 16], "\(issues)")
            XCTAssertTrue(issues[1].message.contains("did you mean \"instanceType\""))
            XCTAssertTrue(issues[2].message.contains("3 is odd"))
        }
    }

    func testDockerfileContextDefaultsToTheDockerfilesFolder() throws {
        let text = try minimalText().replacingOccurrences(of: "dockerfile: Dockerfile", with: "dockerfile: app/enclave/Dockerfile")
        XCTAssertEqual(try load(text).enclave.image, .dockerfile(path: "app/enclave/Dockerfile", context: "app/enclave"))
    }

    func testVisibilityDefaultFollowsTheJobTimeoutUpToTheSQSLimit() throws {
        let long = try minimalText().replacingOccurrences(of: "enclave:\n", with: "enclave:\n  jobTimeoutSeconds: 43200\n")
        XCTAssertEqual(try load(long).queue.visibilityTimeoutSeconds, 43200)
        let short = try minimalText().replacingOccurrences(of: "enclave:\n", with: "enclave:\n  jobTimeoutSeconds: 30\n")
        XCTAssertEqual(try load(short).queue.visibilityTimeoutSeconds, 90)
    }

    func testGravitonTakesAnOddNumberOfVCPUs() throws {
        let text = try minimalText().replacingOccurrences(
            of: "enclave:\n", with: "enclave:\n  instanceType: c7g.2xlarge\n  vcpus: 5\n  memoryMiB: 8192\n")
        XCTAssertEqual(try load(text).enclave.vcpus, 5)
    }

    func testMeasurementsNextToTheSpecAreRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("build"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: FixtureFiles.url("measurements/nitro-cli-hello.json"),
                                         to: folder.appendingPathComponent("build/measurements.json"))
        let specURL = folder.appendingPathComponent("nitroforge.yaml")
        try minimalText().write(to: specURL, atomically: true, encoding: .utf8)
        let spec = try SpecLoader.load(path: specURL.path)
        let pcr0 = "6be47f8386175bc4853c3b821f9e6fa6f65f8bd73492d1df99ba9dd0d734e11c8941e7415d9167f7d0ea6991790566a7"
        XCTAssertEqual(spec.measurements?.pcr0, pcr0)
        XCTAssertEqual(spec.allowedPCR0, [pcr0])
    }

    func testMissingFileIsALocatedError() {
        XCTAssertThrowsError(try SpecLoader.load(path: "/nonexistent/nitroforge.yaml")) { error in
            let issue = (error as! SpecLoadError).issues[0]
            XCTAssertEqual(issue.description.prefix(33), "/nonexistent/nitroforge.yaml:1:1:")
            XCTAssertEqual(issue.message, "cannot read the spec (no such file or folder)")
        }
    }

    func testEmptyFileIsAnError() {
        XCTAssertThrowsError(try load("")) { error in
            XCTAssertTrue((error as! SpecLoadError).issues[0].message.contains("empty"))
        }
    }

    func testExamplesLoad() throws {
        for name in ["inference", "training", "existing-vpc"] {
            let path = FixtureFiles.repository.appendingPathComponent("examples/\(name)/nitroforge.yaml").path
            XCTAssertNoThrow(try SpecLoader.load(path: path), name)
        }
        let training = try SpecLoader.load(path: FixtureFiles.repository.appendingPathComponent("examples/training/nitroforge.yaml").path)
        XCTAssertEqual(training.storage.objectLock, ObjectLockSpec(mode: .compliance, retentionDays: 90))
        XCTAssertEqual(training.enclave.signingCertificatePath, "certs/enclave-signing.pem")
        XCTAssertEqual(training.queue.visibilityTimeoutSeconds, 7260)
        guard case .exec(let argv) = training.enclave.processor else { return XCTFail("training uses exec") }
        XCTAssertEqual(argv, ["/usr/local/bin/nitroforge-example", "train"])
        let existing = try SpecLoader.load(path: FixtureFiles.repository.appendingPathComponent("examples/existing-vpc/nitroforge.yaml").path)
        XCTAssertEqual(existing.network.mode, .existing)
        XCTAssertNil(existing.producer.ingress)
    }
}
