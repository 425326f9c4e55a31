import Foundation
@testable import PolicyAudit
import PolicyEvaluator
import XCTest

/// The audit passes on the generated policies and names the invariant each hand-made break violates.
final class AuditTests: XCTestCase {
    func testGeneratedInferencePoliciesMeetEveryInvariant() throws {
        let report = try Fixtures.audit("inference")
        XCTAssertEqual(report.violations, [])
        XCTAssertTrue(report.passed)
        XCTAssertEqual(report.keys.map(\.key), [.data, .results, .storage])
    }

    func testEveryExamplesGeneratedPoliciesMeetEveryInvariant() throws {
        XCTAssertEqual(Fixtures.examples.count, 3)
        for (folder, subject) in Fixtures.examples {
            let report = try Fixtures.audit(folder, subject: subject)
            XCTAssertEqual(report.violations, [], folder)
            XCTAssertEqual(report.keys.count, 3, folder)
        }
    }

    func testSignedTrainingPoliciesAreAuditedOverPCR8Classes() throws {
        let report = try Fixtures.audit("training", subject: Fixtures.training)
        XCTAssertEqual(report.violations, [])
        let data = try XCTUnwrap(report.keys.first { $0.key == .data })
        XCTAssertTrue(try XCTUnwrap(data.conditionDimensions["attestation"]).contains("PCR0 allowed <enclave-pcr0>, PCR8 none of those"))
    }

    /// What `generate` runs on its in-memory output before writing anything.
    func testAuditOfPolicyTextBeforeWritingMatchesTheAuditOfTheFolder() throws {
        let folder = try Fixtures.folder("inference").appendingPathComponent("policies")
        var json: [KeyRole: Data] = [:]
        for key in KeyRole.allCases { json[key] = try Data(contentsOf: folder.appendingPathComponent(key.fileName)) }
        let report = try PolicyAudit.audit(try KeyPolicySet(json: json), subject: Fixtures.inference)
        XCTAssertEqual(report, try Fixtures.audit("inference"))
        json[.results] = Data("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\"}}".utf8)
        XCTAssertThrowsError(try KeyPolicySet(json: json)) { error in
            XCTAssertEqual(error as? AuditError, .unreadablePolicy(.results, PolicyError(.missingElement("Action"), statementIndex: 0)))
        }
    }

    func testSubjectInferredFromTheOutputFolderEqualsTheSpecs() throws {
        for (folder, subject) in Fixtures.examples {
            let policies = try KeyPolicySet(policiesFolder: try Fixtures.folder(folder).appendingPathComponent("policies"))
            XCTAssertEqual(try AuditSubject.inferred(outputFolder: try Fixtures.folder(folder), policies: policies), subject, folder)
        }
    }

    private func assertBreaks(_ folder: String, _ expected: [Invariant], file: StaticString = #filePath, line: UInt = #line) throws {
        let report = try Fixtures.audit(folder)
        XCTAssertFalse(report.passed, folder, file: file, line: line)
        let broken = Set(report.violations.map(\.invariant))
        for invariant in expected {
            XCTAssertTrue(broken.contains(invariant), "\(folder) should break \(invariant.rawValue); broke \(broken.map(\.rawValue).sorted())", file: file, line: line)
        }
        XCTAssertTrue(report.text().contains(expected[0].rawValue), folder, file: file, line: line)
    }

    func testDataKeyWithoutItsDecryptDenyFailsTheExplicitDenyInvariant() throws {
        try assertBreaks("broken-data-key-deny-removed", [.dataKeyDecryptDeniedExplicitly])
    }

    func testAdministratorWithKMSStarFailsAdministratorsNeverUseKeys() throws {
        try assertBreaks("broken-administrator-kms-star", [.administratorsNeverUseKeys, .onlyProducersGenerateDataKeysForApp])
    }

    func testConsumerDecryptWithoutAttestationConditionFailsAllowsRequireAttestation() throws {
        try assertBreaks("broken-consumer-decrypt-without-attestation", [.allowsRequireAttestation])
    }

    func testConsumerAllowWithNotEqualsFailsAttestationAndEnclaveAccess() throws {
        try assertBreaks("broken-consumer-not-equals", [.allowsRequireAttestation, .enclaveUsesKeysWithAllowedImage])
    }

    func testReEncryptFromAllowedFailsNoReEncrypt() throws {
        try assertBreaks("broken-reencrypt-from-allowed", [.noReEncryptUnderDataKey, .dataKeyReEncryptDeniedExplicitly])
    }

    func testAliasChangeAllowedFailsAliasInvariants() throws {
        try assertBreaks("broken-alias-change-allowed", [.aliasesCannotChange, .aliasChangesDeniedExplicitly])
    }

    func testResultReaderWithoutContextFailsOnlyResultReadersWithContext() throws {
        try assertBreaks("broken-reader-without-context", [.onlyResultReadersDecryptResultsWithContext])
    }

    /// The root statement lets IAM policies grant, so administrators could be granted key use too.
    func testAccountRootWithKMSStarFailsAccountRootAndAdministratorInvariants() throws {
        var policies = try KeyPolicySet(policiesFolder: try Fixtures.folder("inference").appendingPathComponent("policies"))
        var storage = try XCTUnwrap(policies[.storage])
        storage.statements.append(PolicyStatement(
            id: StatementID(index: storage.statements.count, sid: "EnableIAMPolicies"), effect: .allow, principals: [.account("111122223333")],
            actions: PatternElement(actions: ["kms:*"], negated: false), resources: PatternElement(resources: ["*"], negated: false)
        ))
        policies.policies[.storage] = storage
        let report = try PolicyAudit.audit(policies, subject: Fixtures.inference)
        XCTAssertEqual(Set(report.violations.map(\.invariant)), [.accountRootHasNoKMSStar, .administratorsNeverUseKeys])
        XCTAssertEqual(Set(report.violations.map(\.key)), [.storage])
        XCTAssertTrue(report.violations.contains { $0.detail.contains("allow if account 111122223333's IAM policies allow") })
    }

    func testPCR8DenyRemovedFromSignedDataKeyFailsDecryptRequiresAllowedImage() throws {
        var policies = try KeyPolicySet(policiesFolder: try Fixtures.folder("training").appendingPathComponent("policies"))
        var data = try XCTUnwrap(policies[.data])
        let before = data.statements.count
        data.statements.removeAll { $0.id.sid == "DenyDecryptOutsideSigningCertificate" }
        XCTAssertEqual(data.statements.count, before - 1)
        policies.policies[.data] = data
        let report = try PolicyAudit.audit(policies, subject: Fixtures.training)
        XCTAssertEqual(Set(report.violations.map(\.invariant)), [.dataKeyDecryptRequiresAllowedImage, .dataKeyDecryptDeniedExplicitly])
    }

    /// The audit combines cached per-statement results; for every class it must agree with `evaluate`.
    func testEveryClassDecisionEqualsTheEvaluatorsOwn() throws {
        for (folder, subject) in [("inference", Fixtures.inference), ("training", Fixtures.training)] {
            for key in [KeyRole.data, .results] {
                let policy = try Fixtures.policy(folder, key)
                let evaluation = KeyEvaluation(policy: policy, subject: subject, attestationAxis: true)
                XCTAssertGreaterThan(evaluation.classCount, 0)
                for p in evaluation.principals.indices {
                    for a in evaluation.actions.indices {
                        for s in evaluation.states.indices {
                            let request = evaluation.states[s].request(
                                principal: evaluation.principals[p].principal, action: evaluation.actions[a].representative,
                                account: subject.account, dimensions: evaluation.dimensions
                            )
                            XCTAssertEqual(evaluation.decision(principal: p, action: a, state: s), policy.evaluate(request), "\(folder) \(key)")
                        }
                    }
                }
            }
        }
    }

    func testTableAndJSONSayWhoMayDoWhat() throws {
        let report = try Fixtures.audit("inference")
        let text = report.text()
        XCTAssertTrue(text.contains("consumer arn:aws:iam::111122223333:role/fraud-scoring-consumer\n    may kms:Decrypt\n    allowed when attestation = PCR0 allowed <enclave-pcr0> [EnclaveDecryptsWithAttestation]"), text)
        XCTAssertTrue(text.hasSuffix("all invariants hold\n"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        XCTAssertEqual(json["passed"] as? Bool, true)
        XCTAssertEqual((json["violations"] as? [Any])?.count, 0)
        let data = try XCTUnwrap(report.keys.first { $0.key == .data })
        let decryptRows = data.access.filter { $0.actions.contains("kms:Decrypt") }
        XCTAssertEqual(decryptRows.count, 1)
        XCTAssertEqual(decryptRows.first?.principal, "consumer arn:aws:iam::111122223333:role/fraud-scoring-consumer")
    }

    func testClassCountsCoverEveryPrincipalActionAndConditionClass() throws {
        let report = try Fixtures.audit("inference")
        for key in report.keys {
            print("classes evaluated, \(key.key.fileName): \(key.classesEvaluated.sorted { $0.key < $1.key })")
            XCTAssertEqual(key.classesEvaluated.count, 3)
            XCTAssertTrue(key.principalClasses.contains("any principal of another account"))
            XCTAssertTrue(key.principalClasses.contains("any other principal of 111122223333"))
            XCTAssertTrue(key.principalClasses.contains("account root 111122223333"))
            XCTAssertTrue(key.actionClasses.contains { $0.contains("(any unlisted kms action)") })
        }
        let data = try XCTUnwrap(report.keys.first { $0.key == .data })
        XCTAssertEqual(data.conditionDimensions["attestation"], ["no attestation", "PCR0 allowed <enclave-pcr0>", "PCR0 none of those"])
    }
}
