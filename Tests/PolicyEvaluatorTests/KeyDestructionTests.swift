import Foundation
import PolicyAudit
import PolicyEvaluator
import XCTest

/// `nitroforge destroy` works on AWS without weakening the key policies: on every example's generated
/// policies, each administrator may make every call Terraform needs to read and schedule the deletion of
/// every key, while alias changes stay explicitly denied to them (and so to everyone), which is why destroy
/// never deletes an alias. Nobody else may schedule a key's deletion.
final class KeyDestructionTests: XCTestCase {
    func testAdministratorsMayScheduleEveryKeysDeletionButNeverChangeAnAlias() throws {
        for (folder, subject) in Fixtures.examples {
            let policies = try KeyDestruction.policies(in: try Fixtures.folder(folder))
            XCTAssertEqual(policies.map(\.key), [.data, .results, .storage], folder)
            for administrator in subject.administrators {
                let principal = RequestPrincipal.iam(arn: administrator)
                XCTAssertEqual(KeyDestruction.refusals(of: principal, account: subject.account, policies: policies), [], "\(folder): \(administrator)")
                for policy in policies {
                    for action in KeyDestruction.actions {
                        let decision = policy.document.evaluate(RequestContext(principal: principal, action: action, resourceAccount: subject.account))
                        XCTAssertEqual(decision.isExplicitDeny, false, "\(folder) \(policy.key) \(action)")
                        if case .allow = decision {} else { XCTFail("\(folder) \(policy.key) \(action): \(decision), not allowed by the policy alone") }
                    }
                    for action in KeyDestruction.aliasActions {
                        let decision = policy.document.evaluate(RequestContext(principal: principal, action: action, resource: "*", resourceAccount: subject.account))
                        XCTAssertTrue(decision.isExplicitDeny, "\(folder) \(policy.key) \(action) must stay denied to \(administrator): \(decision)")
                    }
                }
            }
            for other in [subject.producer, subject.consumer] + subject.resultReaders {
                let refused = KeyDestruction.refusals(of: .iam(arn: other), account: subject.account, policies: policies)
                XCTAssertTrue(refused.contains { $0.hasPrefix("kms:ScheduleKeyDeletion on data-key.json") }, "\(folder): \(other) may delete the data key: \(refused)")
            }
        }
    }

    func testCallerARNsMapToThePrincipalTheKeyPolicyNames() {
        XCTAssertEqual(KeyDestruction.principal(ofCaller: "arn:aws:sts::111122223333:assumed-role/platform-admin/alice"),
                       .iam(arn: "arn:aws:iam::111122223333:role/platform-admin"))
        XCTAssertEqual(KeyDestruction.principal(ofCaller: "arn:aws:iam::111122223333:user/ops"), .iam(arn: "arn:aws:iam::111122223333:user/ops"))
        XCTAssertEqual(KeyDestruction.principal(ofCaller: "arn:aws:sts::111122223333:user/moto"), .iam(arn: "arn:aws:iam::111122223333:user/moto"))
    }
}
