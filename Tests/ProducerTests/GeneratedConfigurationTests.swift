import Foundation
import Producer
import XCTest

/// The `host/producer.yaml` that `nitroforge generate` writes for each example (copied under
/// Fixtures/generated), with its Terraform placeholders filled as `templatefile()` fills them, loads.
final class GeneratedConfigurationTests: XCTestCase {
    /// What `templatefile()` does: `${name}` becomes the variable's value, `$${` becomes a literal `${`.
    static func fillPlaceholders(_ text: String, _ variables: [String: String]) -> String {
        var filled = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            filled += rest[..<dollar]
            rest = rest[dollar...]
            if rest.hasPrefix("$${") {
                filled += "${"
                rest = rest.dropFirst(3)
            } else if rest.hasPrefix("${"), let close = rest.firstIndex(of: "}"),
                      let value = variables[String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close])] {
                filled += value
                rest = rest[rest.index(after: close)...]
            } else {
                filled += "$"
                rest = rest.dropFirst()
            }
        }
        return filled + rest
    }

    static func variables(app: String, region: String) -> [String: String] {
        [
            "jobs_bucket": "\(app)-jobs-111122223333",
            "jobs_queue_url": "https://sqs.\(region).amazonaws.com/111122223333/\(app)-jobs",
            "data_key_alias": "alias/\(app)-data",
            "storage_key_arn": "arn:aws:kms:\(region):111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "producer_log_group": "/nitroforge/\(app)/producer",
        ]
    }

    func testEveryExamplesGeneratedFileLoads() throws {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/generated", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(".producer.yaml") }.sorted { $0.path < $1.path }
        XCTAssertEqual(files.map(\.lastPathComponent),
                       ["existing-vpc.producer.yaml", "inference.producer.yaml", "training.producer.yaml"])
        let expected: [String: (String, String, Bool)] = [
            "existing-vpc": ("prompt-redaction", "us-west-2", false),
            "inference": ("fraud-scoring", "us-east-1", true),
            "training": ("claims-training", "eu-central-1", false),
        ]
        for file in files {
            let example = String(file.lastPathComponent.dropLast(".producer.yaml".count))
            let (app, region, oidc) = try XCTUnwrap(expected[example])
            let template = try String(contentsOf: file, encoding: .utf8)
            let text = Self.fillPlaceholders(template, Self.variables(app: app, region: region))
            XCTAssertFalse(text.split(separator: "\n").contains { !$0.hasPrefix("#") && $0.contains("${") },
                           "\(example): every placeholder outside comments is filled")
            do {
                let configuration = try ProducerConfiguration.load(yaml: text, file: file.lastPathComponent, folder: folder)
                XCTAssertEqual(configuration.app, app)
                XCTAssertEqual(configuration.region, region)
                XCTAssertEqual(configuration.listen, .init(host: "0.0.0.0", port: 8443, tls: .selfSigned))
                XCTAssertEqual(configuration.maxPayloadBytes, 1 << 30)
                if case .oidc = configuration.auth { XCTAssertTrue(oidc, example) } else { XCTAssertFalse(oidc, example) }
                XCTAssertEqual(configuration.encryption, .init(dataKey: "alias/\(app)-data", algorithm: .commitKey, frameBytes: 1_048_576))
                XCTAssertEqual(configuration.storage.bucket, "\(app)-jobs-111122223333")
                XCTAssertEqual(configuration.storage.jobsPrefix, "jobs/")
                XCTAssertEqual(configuration.queue.url, "https://sqs.\(region).amazonaws.com/111122223333/\(app)-jobs")
                XCTAssertEqual(configuration.logs, .init(logGroup: "/nitroforge/\(app)/producer"))
                XCTAssertEqual(configuration.limits, .init(), "the generated file sets no limits: the defaults apply")
            } catch {
                XCTFail("\(example): \(error)")
            }
            // The executable itself accepts it, as an operator would check it.
            let filled = FileManager.default.temporaryDirectory.appendingPathComponent("\(example)-\(UUID().uuidString).producer.yaml")
            try text.write(to: filled, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: filled) }
            let checked = try Tools.outcome(ProducerProcess.executable.path, ["--config", filled.path, "--check-config"])
            XCTAssertEqual(checked.status, 0, "\(example): \(checked.stderr)")
            XCTAssertEqual(checked.stdout, "\(filled.path): valid\n")
        }
    }

    /// Generated for deployments the examples do not cover (NitroForgeGenTests' ProducerArtifactsTests keeps
    /// them current): TLS files with a `${` in a path and an all-digit API key digest on EC2, plain HTTP elsewhere.
    func testGeneratedVariantsLoadWithTheirTLSLimitsAndKeys() throws {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/generated-variants", withExtension: nil))
        func load(_ name: String) throws -> ProducerConfiguration {
            let template = try String(contentsOf: folder.appendingPathComponent("\(name).producer.yaml"), encoding: .utf8)
            let text = Self.fillPlaceholders(template, Self.variables(app: "nf-inference", region: "us-east-1"))
            return try ProducerConfiguration.load(yaml: text, file: "\(name).producer.yaml", folder: URL(fileURLWithPath: "/etc/nitroforge"))
        }
        let files = try load("ec2-tls-files")
        XCTAssertEqual(files.listen, .init(host: "0.0.0.0", port: 8443,
                                           tls: .files(certificateFile: "/etc/nitroforge/certs/producer.pem", privateKeyFile: "/etc/pki/${host}.key")))
        XCTAssertEqual(files.limits, .init(requestsPerMinutePerPrincipal: 120, maxConcurrentRequests: 16, requestTimeoutSeconds: 600))
        XCTAssertEqual(files.auth, .apiKeys([.init(name: "batch", sha256: String(repeating: "1", count: 64))]))
        XCTAssertEqual(files.maxPayloadBytes, 64 << 20)
        XCTAssertEqual(files.storage.bucket, "nf-inference-jobs-111122223333")

        let plain = try load("external-tls-none")
        XCTAssertEqual(plain.listen, .init(host: "0.0.0.0", port: 8443, tls: .none))
        XCTAssertEqual(plain.limits, .init())
        XCTAssertEqual(plain.auth, .oidc(.init(issuer: "https://issuer.example.com", audience: "nitroforge")))
    }

    func testCheckConfigReportsEveryProblemLocatedAndExits1() throws {
        let mistakes = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mistakes.producer", withExtension: "yaml"))
        let checked = try Tools.outcome(ProducerProcess.executable.path, ["--config", mistakes.path, "--check-config"])
        XCTAssertEqual(checked.status, 1)
        let located = checked.stderr.split(separator: "\n").filter { $0.hasPrefix("\(mistakes.path):") && $0.split(separator: ":").count > 3 }
        XCTAssertGreaterThan(located.count, 1, "every problem at once, each as FILE:LINE:COLUMN: \(checked.stderr)")
        XCTAssertTrue(checked.stdout.isEmpty)
    }

    func testPlaceholderFilling() {
        XCTAssertEqual(Self.fillPlaceholders("a: ${x}\n# $${y} stays\nb: $5", ["x": "1"]), "a: 1\n# ${y} stays\nb: $5")
    }
}
