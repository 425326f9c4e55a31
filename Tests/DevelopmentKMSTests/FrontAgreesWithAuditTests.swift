import Foundation
import NitroDev
import NitroFormats
import PolicyAudit
import PolicyEvaluator
import XCTest

/// The development KMS and `audit` implement the same rules twice: for every equivalence class of the
/// inference example's data and results keys, the front's decision (on the policy stored on the moto key)
/// equals the audit's.
final class FrontAgreesWithAuditTests: XCTestCase {
    private static let shared = SharedEnvironment()

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    func testFrontAndAuditDecideEveryClassOfTheDataAndResultsKeysAlike() async throws {
        let env = try await Self.shared.get()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-agree-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let subject = AuditSubject(
            deploymentName: env.app, account: env.account, producer: env.producer.principal, consumer: env.consumer.principal,
            resultReaders: [env.resultReader.principal], administrators: [env.administrator.principal],
            allowedPCR0: [Hex.encode(env.allowedPCR0)])
        for (file, key, keyARN) in [("data-key.json", KeyRole.data, env.dataKeyARN), ("results-key.json", KeyRole.results, env.resultsKeyARN)] {
            let policy = try PolicyDocument(json: Data(try XCTUnwrap(env.storedPolicies[file]).utf8))
            let classes = KeyEvaluation(policy: policy, subject: subject, key: key).requestClasses
            XCTAssertGreaterThan(classes.count, 100, file)
            var compared = 0, allowed = 0, services = 0, otherKeys = Set<String>()
            for requestClass in classes {
                let principal: String
                switch requestClass.principal {
                case .iam(let arn): principal = arn
                case .accountRoot(let account): principal = "arn:aws:iam::\(account):root"
                case .service: services += 1; continue  // the front serves IAM callers only
                }
                let setKeys = requestClass.otherKeys.filter { $0.1 != nil }.map(\.0)
                guard setKeys.isEmpty else { otherKeys.formUnion(setKeys); continue }
                let denial = try await env.frontService.decide(
                    principal: principal, action: requestClass.action, keyID: keyARN,
                    encryptionContext: requestClass.encryptionContext, attestation: requestClass.attestation)
                let auditAllows = if case .allow = requestClass.decision { true } else { false }
                XCTAssertEqual(denial == nil, auditAllows,
                               "\(file): \(principal) \(requestClass.action) context \(requestClass.encryptionContext) attestation \(String(describing: requestClass.attestation?.imageSha384.prefix(8))): audit \(requestClass.decision)")
                compared += 1
                if auditAllows { allowed += 1 }
            }
            print("\(file): \(classes.count) classes, \(compared) compared (\(allowed) allowed), \(services) of service callers, other keys set: \(otherKeys.sorted())")
            XCTAssertGreaterThan(allowed, 0, file)
            XCTAssertEqual(compared + services, classes.count, "\(file): classes left out for condition keys the front does not set: \(otherKeys.sorted())")
        }
    }
}
