import Foundation
import PolicyEvaluator

/// What `nitroforge destroy` asks of KMS, checked against an output's key policies before anything is deleted.
///
/// Every generated key policy denies alias changes (`kms:DeleteAlias`, `kms:UpdateAlias`) to everyone, the
/// administrators included, so that no one can point an alias the enclave resolves at another key. Destroy
/// keeps that guarantee: it never changes an alias. It takes the aliases out of Terraform's state and
/// schedules the keys' deletion, which key administrators may do; KMS deletes a key's aliases with the key
/// at the end of the waiting period.
public enum KeyDestruction {
    /// The calls Terraform's AWS provider makes on a key to read it and then delete it (`aws_kms_key`).
    public static let actions = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ScheduleKeyDeletion"]
    /// The alias changes every key policy denies, which destroy therefore never makes.
    public static let aliasActions = ["kms:DeleteAlias", "kms:UpdateAlias"]

    /// The three key policies of an output folder (`policies/<key>-key.json`).
    public static func policies(in output: URL) throws(AuditError) -> [(key: KeyRole, document: PolicyDocument)] {
        try KeyRole.allCases.map { key throws(AuditError) in
            let url = output.appendingPathComponent("policies/\(key.fileName)")
            guard FileManager.default.fileExists(atPath: url.path) else { throw .missingPolicy(key, path: url.path) }
            do {
                return (key, try PolicyDocument(contentsOf: url))
            } catch let error as PolicyError {
                throw .unreadablePolicy(key, error)
            } catch {
                throw .unreadableFile(path: url.path, why: "\(error)")
            }
        }
    }

    /// The principal a key policy sees for a caller identity's ARN: the role of an assumed-role session,
    /// the IAM user of a user (STS may name either with its own service).
    public static func principal(ofCaller arn: String) -> RequestPrincipal {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return .iam(arn: arn) }
        let partition = parts[1], account = parts[4], resource = parts[5]
        if resource.hasPrefix("assumed-role/"), let role = resource.split(separator: "/").dropFirst().first {
            return .iam(arn: "arn:\(partition):iam::\(account):role/\(role)")
        }
        if resource.hasPrefix("user/") { return .iam(arn: "arn:\(partition):iam::\(account):\(resource)") }
        return .iam(arn: arn)
    }

    /// Each of `actions` a key policy does not let `principal` do, as "ACTION on FILE (DECISION)"; empty when destroy may run.
    public static func refusals(of principal: RequestPrincipal, account: String, policies: [(key: KeyRole, document: PolicyDocument)]) -> [String] {
        policies.flatMap { policy in
            actions.compactMap { action -> String? in
                let decision = policy.document.evaluate(RequestContext(principal: principal, action: action, resourceAccount: account))
                return decision.mayAllow ? nil : "\(action) on \(policy.key.fileName) (\(decision))"
            }
        }
    }
}
