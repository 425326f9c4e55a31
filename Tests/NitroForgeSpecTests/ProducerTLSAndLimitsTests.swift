import Foundation
import NitroForgeSpec
import XCTest

/// `producer.tls` and `producer.limits`: what the spec accepts, the defaults it fills in, and where it puts
/// each refusal. (The malformed fixtures 50-60 check one mistake each the same way.)
final class ProducerTLSAndLimitsTests: XCTestCase {
    private func minimalText() throws -> String {
        try String(contentsOf: FixtureFiles.url("valid/minimal.yaml"), encoding: .utf8)
    }

    /// The minimal spec with `lines` written first under `producer:`.
    private func withProducer(_ lines: String, external: Bool = false) throws -> String {
        var text = try minimalText()
        if external {
            let ingress = "  ingress:\n    certificateArn: arn:aws:acm:us-east-1:111122223333:certificate/4f3c2a1b-8d7e-4c6b-9a5f-0e1d2c3b4a59\n"
            XCTAssertTrue(text.contains(ingress), "the minimal spec's ingress")
            text = text.replacingOccurrences(of: ingress, with: "").replacingOccurrences(of: "producer:\n", with: "producer:\n  runsOn: external\n")
        }
        return text.replacingOccurrences(of: "producer:\n", with: "producer:\n" + lines)
    }

    private func load(_ yaml: String) throws(SpecLoadError) -> Spec {
        try SpecLoader.load(yaml: yaml, file: "test.yaml", sourceFile: URL(fileURLWithPath: "/specs/test.yaml"))
    }

    func testLeftOutTLSIsSelfSignedAndLimitsAreTheProducersDefaults() throws {
        let producer = try load(minimalText()).producer
        XCTAssertEqual(producer.tls, .selfSigned)
        XCTAssertEqual(producer.limits, ProducerLimitsSpec(requestsPerMinutePerPrincipal: 600, maxConcurrentRequests: 64, requestTimeoutSeconds: 3600))
    }

    func testTLSIsAWordOrAMappingOfFilesKeptAsWritten() throws {
        XCTAssertEqual(try load(withProducer("  tls: self-signed\n")).producer.tls, .selfSigned)
        XCTAssertEqual(try load(withProducer("  tls: none\n", external: true)).producer.tls, ProducerTLSSpec.none)
        // Paths are the producer machine's, not relative to the spec: they reach producer.yaml unchanged.
        let files = "  tls:\n    certificateFile: tls/producer.pem\n    privateKeyFile: /etc/pki/producer.key\n"
        XCTAssertEqual(try load(withProducer(files)).producer.tls,
                       .files(certificateFile: "tls/producer.pem", privateKeyFile: "/etc/pki/producer.key"))
        XCTAssertEqual(try load(withProducer(files, external: true)).producer.tls,
                       .files(certificateFile: "tls/producer.pem", privateKeyFile: "/etc/pki/producer.key"))
        XCTAssertEqual(try load(withProducer("  tls: self-signed\n", external: true)).producer.runsOn, .external)
    }

    func testEachLimitLeftOutKeepsItsDefault() throws {
        let some = try load(withProducer("  limits:\n    maxConcurrentRequests: 8\n")).producer.limits
        XCTAssertEqual(some, ProducerLimitsSpec(requestsPerMinutePerPrincipal: 600, maxConcurrentRequests: 8, requestTimeoutSeconds: 3600))
        let all = try load(withProducer(
            "  limits:\n    requestsPerMinutePerPrincipal: 1\n    maxConcurrentRequests: 100000\n    requestTimeoutSeconds: 86400\n"))
        XCTAssertEqual(all.producer.limits, ProducerLimitsSpec(requestsPerMinutePerPrincipal: 1, maxConcurrentRequests: 100_000, requestTimeoutSeconds: 86400))
    }

    /// Each bad value once, with the line and column it is written at (line 5 is the first under `producer:`).
    func testEveryBadValueIsLocatedAndSaysWhatIsAllowed() throws {
        let cases: [(lines: String, external: Bool, line: Int, column: Int, message: String, allowed: String)] = [
            ("  tls: selfsigned\n", false, 5, 8, "producer.tls: \"selfsigned\" is not allowed (did you mean \"self-signed\"?)",
             "one of none, self-signed, or a mapping with keys certificateFile, privateKeyFile"),
            ("  tls: none\n", false, 5, 8, "producer.tls: is none, but on EC2 the load balancer's hop", "producer.runsOn: external"),
            ("  tls: 443\n", true, 5, 8, "producer.tls: \"443\" is not allowed", "or a mapping"),
            ("  tls: {certificateFile: a.pem}\n", false, 5, 3, "producer.tls.privateKeyFile: is required", "non-empty string"),
            ("  tls:\n    certificateFile: a.pem\n    privateKeyFile: \" key.pem\"\n", false, 7, 21,
             "producer.tls.privateKeyFile: \" key.pem\" is not a valid non-empty string", "no leading or trailing spaces"),
            ("  limits:\n    requestsPerMinutePerPrincipal: -5\n", false, 6, 36,
             "producer.limits.requestsPerMinutePerPrincipal: -5 is below the minimum 1", "an integer from 1 to 1000000"),
            ("  limits:\n    maxConcurrentRequests: 100001\n", false, 6, 28,
             "producer.limits.maxConcurrentRequests: 100001 is above the maximum 100000", "an integer from 1 to 100000"),
            ("  limits:\n    requestTimeoutSeconds: 1.5\n", false, 6, 28,
             "producer.limits.requestTimeoutSeconds: expected an integer, got 1.5", "an integer from 1 to 86400"),
            ("  limits:\n    maxRequests: 4\n", false, 6, 5, "producer.limits.maxRequests: unknown key \"maxRequests\"", "requestTimeoutSeconds"),
            ("  limits: [600]\n", false, 5, 11, "producer.limits: expected a mapping, got a list", "maxConcurrentRequests"),
        ]
        XCTAssertEqual(cases.count, 10)
        for item in cases {
            let text = try withProducer(item.lines, external: item.external)
            XCTAssertThrowsError(try load(text), item.lines) { error in
                let issues = (error as? SpecLoadError)?.issues ?? []
                XCTAssertEqual(issues.count, 1, "\(item.lines): \(issues)")
                guard let issue = issues.first else { return }
                XCTAssertEqual([issue.line, issue.column], [item.line, item.column], "\(item.lines): \(issue)")
                XCTAssertTrue(issue.message.hasPrefix(item.message), "\(issue.message) does not start with \(item.message)")
                XCTAssertTrue(issue.allowed.contains(item.allowed), "\(issue.allowed) does not say \(item.allowed)")
                XCTAssertTrue(issue.description.hasPrefix("test.yaml:\(item.line):\(item.column): "), issue.description)
            }
        }
    }
}
