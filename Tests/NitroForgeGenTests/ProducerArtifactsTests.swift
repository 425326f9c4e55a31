import Foundation
import XCTest
@testable import NitroForgeGen

/// What the generator writes for the producer: `host/producer.yaml` (TLS, limits, API key digests) and the
/// producer role's S3 permissions.
final class ProducerArtifactsTests: XCTestCase {
    private typealias Statement = [String: Any]

    /// Deployments whose `host/producer.yaml` ProducerTests loads with the producer's own loader, from
    /// Tests/ProducerTests/Fixtures/generated-variants/<name>.producer.yaml.
    static var variants: [String: Deployment] {
        var files = SampleDeployment.inference
        files.producer.tls = .files(certificateFile: "certs/producer.pem", privateKeyFile: "/etc/pki/${host}.key")
        files.producer.limits = .init(requestsPerMinutePerPrincipal: 120, maxConcurrentRequests: 16, requestTimeoutSeconds: 600)
        // Only digits: unquoted, YAML would read this digest as a number.
        files.producer.auth = .apiKeys([(name: "batch", sha256: String(repeating: "1", count: 64))])
        var plain = SampleDeployment.inference
        plain.producer.placement = .external
        plain.producer.ingress = nil
        plain.producer.tls = .none
        return ["ec2-tls-files": files, "external-tls-none": plain]
    }

    private func file(_ files: [GeneratedFile], _ path: String) throws -> String {
        try XCTUnwrap(files.first { $0.path == path }, path).contents
    }

    func testVariantFixturesOfProducerTestsAreWhatGenerateWrites() throws {
        let folder = try TestEnvironment.repo().appendingPathComponent("Tests/ProducerTests/Fixtures/generated-variants")
        let variants = Self.variants
        XCTAssertEqual(variants.count, 2)
        for (name, deployment) in variants {
            let generated = try file(Generator(templates: .bundled()).files(for: deployment), "host/producer.yaml")
            let fixture = try String(contentsOf: folder.appendingPathComponent("\(name).producer.yaml"), encoding: .utf8)
            XCTAssertEqual(fixture, generated, "Tests/ProducerTests/Fixtures/generated-variants/\(name).producer.yaml is stale")
        }
    }

    func testProducerConfigurationWritesTheSpecsTLSAndLimits() throws {
        let variants = Self.variants
        let files = try file(Generator(templates: .bundled()).files(for: try XCTUnwrap(variants["ec2-tls-files"])), "host/producer.yaml")
        // Rendered by templatefile(): `${` in a value is doubled, and every value is quoted.
        XCTAssertTrue(files.contains("""
              # TLS on the producer too: the load balancer's hop to it carries plaintext jobs.
              tls:
                certificateFile: "certs/producer.pem"
                privateKeyFile: "/etc/pki/$${host}.key"
            maxPayloadBytes:
            """), files)
        XCTAssertTrue(files.contains("""
            limits:
              requestsPerMinutePerPrincipal: 120
              maxConcurrentRequests: 16
              requestTimeoutSeconds: 600
            logs:
            """), files)
        XCTAssertTrue(files.contains("    sha256: \"\(String(repeating: "1", count: 64))\"\n"), files)

        let plain = try file(Generator(templates: .bundled()).files(for: try XCTUnwrap(variants["external-tls-none"])), "host/producer.yaml")
        XCTAssertTrue(plain.contains("listen:\n  port: 8443\n  tls: none\nmaxPayloadBytes: "), "no load balancer, no comment about one:\n\(plain)")
        XCTAssertTrue(plain.contains("""
            limits:
              requestsPerMinutePerPrincipal: 600
              maxConcurrentRequests: 64
              requestTimeoutSeconds: 3600
            """), plain)
    }

    func testSecurityDocumentSaysWhenTheProducerServesNoTLS() throws {
        let files = try Generator(templates: .bundled()).files(for: try XCTUnwrap(Self.variants["external-tls-none"]))
        let row = try XCTUnwrap(try file(files, "SECURITY.md").split(separator: "\n").first { $0.hasPrefix("| Data interception during submission |") })
        XCTAssertTrue(row.contains("plain HTTP (producer.tls: none)"), String(row))
        XCTAssertFalse(row.contains("serves TLS itself"), String(row))
        XCTAssertTrue(row.contains("[host/producer.yaml:7](host/producer.yaml#L7)"), String(row))
        XCTAssertEqual(try file(files, "host/producer.yaml").split(separator: "\n", omittingEmptySubsequences: false)[6], "  tls: none")
    }

    /// The producer's S3 access, statement by statement: write, read back and delete under jobs/; read (HeadObject)
    /// under the results prefix; nothing else, and no wildcard action.
    func testProducerRoleReadsBackAndDeletesOnlyJobsAndOnlyReadsResults() throws {
        var outResults = SampleDeployment.inference
        outResults.results.prefix = "out/"
        var cases: [(String, [GeneratedFile], String)] = try TestEnvironment.examples.map { ($0, try TestEnvironment.generate($0), "results/") }
        cases.append(("results prefix out/", try Generator(templates: .bundled()).files(for: outResults), "out/"))
        XCTAssertEqual(cases.count, 4)
        for (name, files, resultsPrefix) in cases {
            let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try file(files, "policies/producer-role.json").utf8)) as? [String: Any])
            let statements = try XCTUnwrap(document["Statement"] as? [Statement])
            let s3 = statements.filter { list($0["Action"]).contains { $0.hasPrefix("s3:") } }
            XCTAssertEqual(s3.count, 3, "\(name): the producer role's S3 statements")
            var granted: [String: Set<String>] = [:]
            for statement in s3 {
                XCTAssertEqual(statement["Effect"] as? String, "Allow", name)
                XCTAssertNil(statement["Condition"], name)
                XCTAssertTrue(list(statement["Action"]).allSatisfy { $0.hasPrefix("s3:") && !$0.contains("*") }, "\(name): \(statement)")
                for resource in list(statement["Resource"]) {
                    let path = try XCTUnwrap(resource.range(of: #"^arn:aws:s3:::[a-z0-9.-]+-jobs-\d{12}/"#, options: .regularExpression), resource)
                    granted[String(resource[path.upperBound...]), default: []].formUnion(list(statement["Action"]))
                }
            }
            XCTAssertEqual(granted, [
                "jobs/*": ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject", "s3:DeleteObject"],
                "\(resultsPrefix)*": ["s3:GetObject"],
            ], name)
        }
    }

    private func list(_ value: Any?) -> [String] {
        if let string = value as? String { return [string] }
        return value as? [String] ?? []
    }
}
