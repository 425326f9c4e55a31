import Foundation
import PolicyAudit

/// What `generate` checks before anything is written: the key policies hold every design invariant over
/// every class of request (`PolicyAudit`), and `kms.tf` carries exactly those policies. Templates are the
/// operator's to edit, so an edited `kms.tf` template must not ship a key policy nobody audited.
struct PolicyGate {
    let deployment: Deployment

    func check(_ files: [GeneratedFile]) throws {
        let names = ResourceNames(deployment)
        let keys = KeyPolicies(names)
        var json: [KeyRole: Data] = [:]
        for key in KeyRole.allCases {
            json[key] = files.first { $0.path == "policies/\(key.fileName)" }.map { Data($0.contents.utf8) }
        }
        let report = try PolicyAudit.audit(KeyPolicySet(json: json), subject: names.auditSubject)
        guard report.passed else { throw GeneratorError.policyRefused(report.violations.map(\.description)) }

        let terraform = files.filter { $0.path.hasSuffix(".tf") }
        if let standalone = terraform.first(where: { $0.contents.contains("resource \"aws_kms_key_policy\"") }) {
            throw GeneratorError.policyRefused(["\(standalone.path) declares aws_kms_key_policy, which would replace an audited key policy"])
        }
        let kms = terraform.first { $0.path == "kms.tf" }?.contents.filter { !$0.isWhitespace } ?? ""
        for (id, policy) in [("data", keys.dataKey), ("results", keys.resultsKey), ("storage", keys.storageKey)] {
            let audited = "policy=" + policy.terraform.rendered(indent: 0).filter { !$0.isWhitespace }
            guard kms.components(separatedBy: audited).count == 2 else {
                throw GeneratorError.policyRefused(["kms.tf: aws_kms_key.\(id) does not carry the audited policy exactly once (was the template's policy changed?)"])
            }
        }
    }
}

extension ResourceNames {
    /// Who the deployment says each principal is, as the review policies spell them.
    var auditSubject: AuditSubject {
        AuditSubject(
            deploymentName: deployment.name, account: account, producer: roleArn("producer").review, consumer: roleArn("consumer").review,
            modelPublisher: deployment.kms.modelPublisherArn, resultReaders: deployment.kms.resultReaderArns,
            administrators: deployment.kms.administratorArns, allowedPCR0: allowedImageMeasurements.review,
            allowedPCR8: allowedSigningMeasurement?.review)
    }
}
