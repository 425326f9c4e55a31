import Foundation
import PolicyEvaluator

/// Audits the key policies of an output folder over every equivalence class of requests.
public enum PolicyAudit {
    /// Audits `OUT/policies/` against `subject`, or against the subject inferred from `OUT` when `nil`.
    public static func audit(outputFolder: URL, subject: AuditSubject? = nil) throws -> AuditReport {
        let policies = try KeyPolicySet(policiesFolder: outputFolder.appendingPathComponent("policies"))
        let subject = try subject ?? AuditSubject.inferred(outputFolder: outputFolder, policies: policies)
        return try audit(policies, subject: subject)
    }

    /// Audits parsed key policies; what `generate` calls on its in-memory output before writing.
    public static func audit(_ policies: KeyPolicySet, subject: AuditSubject) throws -> AuditReport {
        var results: [KeyAuditResult] = []
        for key in KeyRole.allCases {
            guard let policy = policies[key] else { throw AuditError.missingPolicy(key, path: key.fileName) }
            try requireThisKeyOnly(policy, key)
            var counts: [String: Int] = [:]
            var violations: [InvariantViolation] = []
            var written: KeyEvaluation? = nil
            for variant in PolicyVariant.allCases {
                let evaluation = KeyEvaluation(policy: variant.apply(to: policy), subject: subject, attestationAxis: key != .storage)
                counts[variant.rawValue] = evaluation.classCount
                let checks = InvariantChecks(subject: subject, key: key, evaluation: evaluation)
                switch variant {
                case .asWritten: violations += checks.asWritten(); written = evaluation
                case .allowsAlone: violations += checks.allowsAlone()
                case .withKMSStarForEveryone: violations += checks.withKMSStarForEveryone()
                }
            }
            guard let written else { continue }
            results.append(KeyAuditResult(
                key: key, classesEvaluated: counts, principalClasses: written.principals.map(\.label),
                actionClasses: written.actions.map { $0.label.components(separatedBy: ", ") },
                conditionDimensions: Dictionary(uniqueKeysWithValues: written.dimensions.map { ($0.name, $0.labels) }),
                access: AccessEntry.entries(written), violations: violations
            ))
        }
        return AuditReport(subject: subject, keys: results)
    }

    /// In a key policy `Resource` is `*` ("this key"); anything else would need the key's ARN, which
    /// the audit does not know, so it is refused rather than guessed.
    private static func requireThisKeyOnly(_ policy: PolicyDocument, _ key: KeyRole) throws {
        for statement in policy.statements where statement.resources.negated || statement.resources.patterns != ["*"] {
            throw AuditError.unreadablePolicy(key, PolicyError(
                .invalidValue(element: "Resource", value: "\(statement.resources.patterns) (a key policy's Resource must be \"*\")"),
                statementIndex: statement.id.index, sid: statement.id.sid
            ))
        }
    }
}
