import Foundation
import NitroForgeSpec
import Producer
import XCTest

final class ProducerConfigurationTests: XCTestCase {
    func fixture(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil), "missing fixture \(name)")
    }

    func testAFileWithEveryFieldLoadsToItsValues() throws {
        let url = try fixture("valid.producer.yaml")
        let configuration = try ProducerConfiguration.load(path: url.path, environment: [:])
        let folder = url.deletingLastPathComponent().path
        XCTAssertEqual(configuration, ProducerConfiguration(
            app: "fraud-scoring", region: "eu-central-1",
            listen: .init(host: "127.0.0.1", port: 9443,
                          tls: .files(certificateFile: folder + "/tls/producer.crt", privateKeyFile: "/etc/nitroforge/producer.key")),
            maxPayloadBytes: 5_368_709_120,
            auth: .apiKeys([
                .init(name: "gateway", sha256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
                .init(name: "ci.runner", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            ]),
            encryption: .init(dataKey: "alias/fraud-scoring-data", algorithm: .commitKeyECDSAP384, frameBytes: 65536),
            storage: .init(bucket: "fraud-scoring-jobs-111122223333", jobsPrefix: "incoming/jobs/",
                           storageKeyArn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            queue: .init(url: "https://sqs.eu-central-1.amazonaws.com/111122223333/fraud-scoring-jobs"),
            limits: .init(requestsPerMinutePerPrincipal: 30, maxConcurrentRequests: 8, requestTimeoutSeconds: 120),
            logs: .init(logGroup: "/nitroforge/fraud-scoring/producer")))
    }

    func testOptionalFieldsTakeTheirDefaults() throws {
        let configuration = try ProducerConfiguration.load(path: try fixture("minimal.producer.yaml").path, environment: [:])
        XCTAssertEqual(configuration.listen, .init(host: "0.0.0.0", port: 8080, tls: .none))
        XCTAssertEqual(configuration.auth, .oidc(.init(issuer: "https://login.example.com", audience: "fraud-scoring-api",
                                                       jwksURL: "https://login.example.com/keys", requiredScope: "jobs:submit")))
        XCTAssertEqual(configuration.encryption, .init(dataKey: "arn:aws:kms:us-east-1:111122223333:alias/fraud-scoring-data",
                                                       algorithm: .commitKey, frameBytes: 1_048_576))
        XCTAssertEqual(configuration.storage.jobsPrefix, "jobs/")
        XCTAssertEqual(configuration.limits, .init(requestsPerMinutePerPrincipal: 600, maxConcurrentRequests: 64, requestTimeoutSeconds: 3600))
        XCTAssertNil(configuration.logs)
    }

    func testAWSRegionOverridesTheFile() throws {
        let path = try fixture("minimal.producer.yaml").path
        XCTAssertEqual(try ProducerConfiguration.load(path: path, environment: ["AWS_REGION": "eu-west-3"]).region, "eu-west-3")
        XCTAssertEqual(try ProducerConfiguration.load(path: path, environment: ["AWS_REGION": ""]).region, "us-east-1")
    }

    func testEveryMistakeIsReportedAtOnceWithItsLocation() throws {
        let path = try fixture("mistakes.producer.yaml").path
        do {
            _ = try ProducerConfiguration.load(path: path, environment: [:])
            XCTFail("a file with mistakes loaded")
        } catch {
            let expected: [(Int, Int, String)] = [
                (1, 1, "queue: is required"),
                (1, 6, "app: \"Fraud_Scoring\" is not a valid deployment name"),
                (4, 9, "listen.port: 70000 is above the maximum 65535"),
                (5, 8, "listen.tls: \"self-signd\" is not allowed (did you mean \"self-signed\"?)"),
                (6, 18, "maxPayloadBytes: expected an integer, got the string \"1024\""),
                (10, 15, "auth.apiKeys[0].sha256: \"ABC\" is not a valid SHA-256 hex digest"),
                (13, 14, "encryption.algorithm: \"AES_256_GCM\" is not allowed"),
                (14, 3, "encryption.frameBytez: unknown key \"frameBytez\" (did you mean \"frameBytes\"?)"),
                (19, 26, "limits.maxConcurrentRequests: 0 is below the minimum 1"),
            ]
            XCTAssertEqual(error.issues.count, expected.count, "\(error)")
            for (issue, (line, column, message)) in zip(error.issues, expected) {
                XCTAssertEqual([issue.line, issue.column], [line, column], "\(issue)")
                XCTAssertTrue(issue.message.hasPrefix(message), "\(issue.message) does not start with \(message)")
                XCTAssertTrue(issue.description.hasPrefix("\(path):\(line):\(column): "), issue.description)
                XCTAssertFalse(issue.allowed.isEmpty, "\(issue) says what is allowed")
            }
        }
    }

    func testTLSIsAWordOrAMappingOfFiles() throws {
        func load(_ tls: String) throws(SpecLoadError) -> ProducerConfiguration.TLS {
            let yaml = try! String(contentsOf: try! fixture("minimal.producer.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  tls: none\n", with: "  tls:\(tls)\n")
            return try ProducerConfiguration.load(yaml: yaml, file: "producer.yaml", folder: URL(fileURLWithPath: "/etc/nitroforge")).listen.tls
        }
        XCTAssertEqual(try load(" none"), ProducerConfiguration.TLS.none)
        XCTAssertEqual(try load(" self-signed"), .selfSigned)
        XCTAssertEqual(try load("\n    certificateFile: cert.pem\n    privateKeyFile: key.pem"),
                       .files(certificateFile: "/etc/nitroforge/cert.pem", privateKeyFile: "/etc/nitroforge/key.pem"))
        let refusals: [(String, String)] = [
            (" [none]", "listen.tls: expected a word or a mapping, got a list"),
            ("\n    certificateFile: cert.pem", "listen.tls.privateKeyFile: is required"),
            ("\n    certificateFile: cert.pem\n    privateKeyFile: key.pem\n    password: x", "listen.tls.password: unknown key \"password\""),
        ]
        XCTAssertEqual(refusals.count, 3)
        for (tls, message) in refusals {
            XCTAssertThrowsError(try load(tls), tls) { error in
                let issues = (error as? SpecLoadError)?.issues ?? []
                XCTAssertEqual(issues.count, 1, "\(issues)")
                XCTAssertTrue(issues.first?.message.hasPrefix(message) == true, "\(issues)")
            }
        }
    }

    func testUnreadableAndEmptyFilesAreReported() {
        XCTAssertThrowsError(try ProducerConfiguration.load(path: "/nonexistent/producer.yaml", environment: [:])) { error in
            XCTAssertEqual((error as? SpecLoadError)?.issues.first?.description.hasPrefix("/nonexistent/producer.yaml:1:1: cannot read"), true)
        }
        XCTAssertThrowsError(try ProducerConfiguration.load(yaml: "", file: "p.yaml", folder: URL(fileURLWithPath: "/"))) { error in
            XCTAssertEqual((error as? SpecLoadError)?.issues.map(\.message), ["the file is empty"])
        }
        XCTAssertThrowsError(try ProducerConfiguration.load(yaml: "app: [", file: "p.yaml", folder: URL(fileURLWithPath: "/"))) { error in
            XCTAssertTrue((error as? SpecLoadError)?.issues.first?.message.hasPrefix("YAML syntax error") == true, "\(error)")
        }
    }
}
