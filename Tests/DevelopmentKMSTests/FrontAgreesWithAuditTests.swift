import Foundation
import NitroDev
import NitroFormats
import PolicyAudit
import PolicyEvaluator
import XCTest

/// The development KMS and `audit` implement the same rules twice: for every equivalence class of the
/// inference example's three keys that a caller of the front can make, the front's decision on the policy
/// stored on the moto key equals the audit's. Service principals, and requests carrying keys only a service
/// sets (`kms:ViaService`, `aws:SourceArn`), are not calls a caller of KMS can make directly.
final class FrontAgreesWithAuditTests: XCTestCase {
    private static let shared = SharedEnvironment()

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    func testFrontAndAuditDecideEveryCallerClassOfEveryKeyAlike() async throws {
        let env = try await Self.shared.get()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-agree-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let subject = AuditSubject(
            deploymentName: env.app, account: env.account, producer: env.producer.principal, consumer: env.consumer.principal,
            resultReaders: [env.resultReader.principal], administrators: [env.administrator.principal],
            allowedPCR0: [Hex.encode(env.allowedPCR0)])
        let storageKey = try await env.storageKeyARN()
        for (file, key, keyARN) in [("data-key.json", KeyRole.data, env.dataKeyARN), ("results-key.json", KeyRole.results, env.resultsKeyARN),
                                    ("storage-key.json", KeyRole.storage, storageKey)] {
            let policy = try PolicyDocument(json: Data(try XCTUnwrap(env.storedPolicies[file]).utf8))
            let classes = KeyEvaluation(policy: policy, subject: subject, key: key).requestClasses
            XCTAssertGreaterThan(classes.count, 100, file)
            var questions: [DevelopmentKMSFront.PolicyQuestion] = []
            var expected: [(allowed: Bool, requestClass: RequestClass)] = []
            var services = 0, serviceOnlyKeys = 0
            for requestClass in classes {
                let principal: String
                switch requestClass.principal {
                case .iam(let arn): principal = arn
                case .accountRoot(let account): principal = "arn:aws:iam::\(account):root"
                case .service: services += 1; continue
                }
                guard !requestClass.otherKeys.contains(where: { $0.1 != nil }) else { serviceOnlyKeys += 1; continue }
                questions.append(.init(principal: principal, action: requestClass.action, encryptionContext: requestClass.encryptionContext,
                                       attestation: requestClass.attestation))
                expected.append((requestClass.decision.isDirectAllow, requestClass))
            }
            let answers = try await env.frontService.decide(questions, keyID: keyARN)
            XCTAssertEqual(answers.count, expected.count, file)
            var disagreements = 0
            for (answer, (auditAllows, requestClass)) in zip(answers, expected) where (answer == nil) != auditAllows {
                disagreements += 1
                if disagreements <= 5 {
                    XCTFail("\(file): \(requestClass.principal) \(requestClass.action) \(requestClass.encryptionContext): audit \(requestClass.decision), front \(answer.map { String(decoding: $0.body, as: UTF8.self) } ?? "allowed")")
                }
            }
            let allowed = expected.filter(\.allowed).count
            print("\(file): \(classes.count) classes; \(expected.count) compared (\(allowed) allowed, \(disagreements) disagreements); \(services) of service principals, \(serviceOnlyKeys) carrying keys only a service sets")
            XCTAssertEqual(disagreements, 0, file)
            XCTAssertGreaterThan(allowed, 0, file)
            XCTAssertEqual(expected.count + services + serviceOnlyKeys, classes.count, file)
        }
    }
}

private extension PolicyDecision {
    /// Allowed by the key policy alone: what the development KMS, which models no IAM policies, allows.
    var isDirectAllow: Bool {
        if case .allow = self { return true }
        return false
    }
}
