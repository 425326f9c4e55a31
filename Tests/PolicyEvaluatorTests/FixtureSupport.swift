import Foundation
import PolicyAudit
import PolicyEvaluator
import XCTest

/// Fixture folders laid out as an output folder (`policies/`, `nitroforge.auto.tfvars.json`, `enclave/`).
enum Fixtures {
    static func folder(_ name: String) throws -> URL {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw XCTSkip("fixtures missing from the test bundle")
        }
        return root.appendingPathComponent(name)
    }

    static func policy(_ folder: String, _ key: KeyRole) throws -> PolicyDocument {
        try PolicyDocument(contentsOf: try Self.folder(folder).appendingPathComponent("policies/\(key.fileName)"))
    }

    /// examples/inference/nitroforge.yaml, as the spec states it (not read from the policies).
    static let inference = AuditSubject(
        deploymentName: "fraud-scoring", account: "111122223333",
        producer: "arn:aws:iam::111122223333:role/fraud-scoring-producer",
        consumer: "arn:aws:iam::111122223333:role/fraud-scoring-consumer",
        resultReaders: ["arn:aws:iam::111122223333:role/fraud-analysts"],
        administrators: ["arn:aws:iam::111122223333:role/platform-admin"],
        allowedPCR0: ["<enclave-pcr0>"]
    )
}

extension Fixtures {
    /// examples/training/nitroforge.yaml, as the spec states it; the image is signed.
    static let training = AuditSubject(
        deploymentName: "claims-training", account: "111122223333",
        producer: "arn:aws:iam::111122223333:role/claims-training-producer",
        consumer: "arn:aws:iam::111122223333:role/claims-training-consumer",
        modelPublisher: "arn:aws:iam::111122223333:role/model-release",
        resultReaders: ["arn:aws:iam::111122223333:role/ml-engineers"],
        administrators: ["arn:aws:iam::111122223333:role/security-admin", "arn:aws:iam::111122223333:role/terraform-deployer"],
        allowedPCR0: ["<enclave-pcr0>"], allowedPCR8: ["<enclave-pcr8>"]
    )

    /// examples/existing-vpc/nitroforge.yaml: no account id (the placeholder account), no model publisher.
    static let existingVPC = AuditSubject(
        deploymentName: "prompt-redaction", account: "111122223333",
        producer: "arn:aws:iam::111122223333:role/prompt-redaction-producer",
        consumer: "arn:aws:iam::111122223333:role/prompt-redaction-consumer",
        resultReaders: ["arn:aws:iam::111122223333:role/redaction-service"],
        administrators: ["arn:aws:iam::111122223333:role/platform-admin"],
        allowedPCR0: ["<enclave-pcr0>"]
    )

    /// Every example's output with the subject its spec states.
    static let examples: [(String, AuditSubject)] = [("inference", inference), ("training", training), ("existing-vpc", existingVPC)]

    static func audit(_ folder: String, subject: AuditSubject = inference) throws -> AuditReport {
        try PolicyAudit.audit(outputFolder: try Self.folder(folder), subject: subject)
    }
}
