import Foundation
import XCTest
@testable import NitroForgeGen

/// Reads the generated policies/*.json (the review copies Terraform renders from the same values) and
/// asserts issue 2's key-policy items one by one, for every example.
final class KeyPolicyTests: XCTestCase {
    private typealias Statement = [String: Any]

    private func policy(_ files: [GeneratedFile], _ name: String) throws -> [Statement] {
        let file = try XCTUnwrap(files.first { $0.path == "policies/\(name).json" }, name)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
        return try XCTUnwrap(document["Statement"] as? [Statement])
    }

    private func list(_ value: Any?) -> [String] {
        if let string = value as? String { return [string] }
        return value as? [String] ?? []
    }

    private func actions(_ statement: Statement) -> [String] { list(statement["Action"]) }
    private func principals(_ statement: Statement) -> [String] { list((statement["Principal"] as? [String: Any])?["AWS"]) }
    private func condition(_ statement: Statement, _ test: String, _ key: String) -> [String]? {
        ((statement["Condition"] as? [String: Any])?[test] as? [String: Any])?[key].map(list)
    }
    private func isDeny(_ statement: Statement) -> Bool { statement["Effect"] as? String == "Deny" }
    private func isAllow(_ statement: Statement) -> Bool { statement["Effect"] as? String == "Allow" }

    /// Whether an IAM action pattern (`kms:ReEncrypt*`) covers `action`.
    private func covers(_ pattern: String, _ action: String) -> Bool {
        pattern.hasSuffix("*") ? action.hasPrefix(String(pattern.dropLast())) : pattern == action
    }

    private func examples() throws -> [(String, [GeneratedFile])] {
        try TestEnvironment.examples.map { ($0, try TestEnvironment.generate($0)) }
    }

    func testConsumerDecryptsDataKeyOnlyWithAllowedImageMeasurement() throws {
        for (example, files) in try examples() {
            let allowed = try tfvarsPCR0(files)
            for statement in try policy(files, "data-key") where isAllow(statement) && actions(statement).contains(where: { covers($0, "kms:Decrypt") }) {
                XCTAssertEqual(principals(statement), ["arn:aws:iam::111122223333:role/\(try name(files))-consumer"], example)
                XCTAssertEqual(condition(statement, "StringEqualsIgnoreCase", "kms:RecipientAttestation:ImageSha384"), allowed, example)
            }
        }
    }

    func testDataKeyDeniesDecryptOutsideAllowedImagesAndSeparatelyOutsideSigningCertificate() throws {
        for (example, files) in try examples() {
            let statements = try policy(files, "data-key")
            let imageDeny = statements.filter { isDeny($0) && actions($0) == ["kms:Decrypt"] && condition($0, "StringNotEqualsIgnoreCase", "kms:RecipientAttestation:ImageSha384") != nil }
            XCTAssertEqual(imageDeny.count, 1, example)
            XCTAssertEqual(imageDeny.first.map { ($0["Condition"] as? [String: Any])?.count }, 1, "\(example): the PCR0 deny has one condition")
            XCTAssertEqual(imageDeny.first.map(principals), ["*"], example)
            let signingDeny = statements.filter { isDeny($0) && condition($0, "StringNotEqualsIgnoreCase", "kms:RecipientAttestation:PCR8") != nil }
            if example == "training" {
                XCTAssertEqual(signingDeny.count, 1, "\(example): a separate PCR8 deny")
                XCTAssertEqual(signingDeny.first.map(actions), ["kms:Decrypt"], example)
                XCTAssertNil(signingDeny.first.flatMap { condition($0, "StringNotEqualsIgnoreCase", "kms:RecipientAttestation:ImageSha384") }, example)
            } else {
                XCTAssertTrue(signingDeny.isEmpty, example)
            }
        }
    }

    func testDataKeyDeniesReEncryptUnconditionallyAndAliasChanges() throws {
        for (example, files) in try examples() {
            let statements = try policy(files, "data-key")
            XCTAssertTrue(statements.contains { isDeny($0) && actions($0) == ["kms:ReEncrypt*"] && $0["Condition"] == nil && principals($0) == ["*"] }, example)
            XCTAssertTrue(statements.contains { isDeny($0) && Set(actions($0)) == ["kms:UpdateAlias", "kms:DeleteAlias"] && $0["Condition"] == nil }, example)
        }
    }

    func testResultsKeyDeniesEncryptionWithoutAttestationAndOnlyReadersDecrypt() throws {
        let encryptionActions = ["kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyWithoutPlaintext",
                                 "kms:GenerateDataKeyPairWithoutPlaintext", "kms:Encrypt", "kms:ReEncryptTo"]
        for (example, files) in try examples() {
            let statements = try policy(files, "results-key")
            for action in encryptionActions {
                let denied = statements.contains { statement in
                    isDeny(statement) && principals(statement) == ["*"] && actions(statement).contains { covers($0, action) }
                        && (statement["Condition"] == nil
                            || condition(statement, "StringNotEqualsIgnoreCase", "kms:RecipientAttestation:ImageSha384") != nil)
                }
                XCTAssertTrue(denied, "\(example): \(action) must be denied without an allowed attestation")
            }
            let decrypters = statements.filter { isAllow($0) && actions($0).contains { covers($0, "kms:Decrypt") } }
            let readers: [String] = example == "inference" ? ["arn:aws:iam::111122223333:role/fraud-analysts"]
                : example == "training" ? ["arn:aws:iam::111122223333:role/ml-engineers"] : ["arn:aws:iam::111122223333:role/redaction-service"]
            XCTAssertEqual(decrypters.flatMap(principals), readers, example)
            XCTAssertEqual(decrypters.first.flatMap { condition($0, "StringEquals", "kms:EncryptionContext:nitroforge:purpose") }, ["result"], example)
        }
    }

    func testNoRootOrAdministratorKeyUse() throws {
        let use = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:ReEncryptFrom", "kms:ReEncryptTo"]
        for (example, files) in try examples() {
            for key in ["data-key", "results-key", "storage-key"] {
                for statement in try policy(files, key) where isAllow(statement) {
                    XCTAssertFalse(actions(statement).contains("kms:*"), "\(example)/\(key): kms:*")
                    XCTAssertFalse(principals(statement).contains { $0.hasSuffix(":root") }, "\(example)/\(key): account root")
                    if statement["Sid"] as? String == "KeyAdministratorsManageOnly" {
                        XCTAssertFalse(actions(statement).contains { pattern in use.contains { covers(pattern, $0) } }, "\(example)/\(key): administrators use the key")
                        XCTAssertFalse(actions(statement).contains("kms:CreateGrant"), "\(example)/\(key): administrators grant")
                    }
                }
            }
        }
    }

    func testProducerHasNoDecryptOnTheDataKey() throws {
        for (example, files) in try examples() {
            let producer = "arn:aws:iam::111122223333:role/\(try name(files))-producer"
            for statement in try policy(files, "data-key") where isAllow(statement) && principals(statement).contains(producer) {
                XCTAssertEqual(actions(statement), ["kms:GenerateDataKey"], example)
            }
            for statement in try policy(files, "producer-role") {
                XCTAssertFalse(list(statement["Resource"]).contains { $0.contains("<data-key-id>") } && actions(statement).contains("kms:Decrypt"), example)
            }
        }
    }

    func testNoAtRestEncryptionUsesTheDataOrResultsKeyAndHopLimitIsOne() throws {
        let keyReference = try NSRegularExpression(pattern: #"(kms_master_key_id|kms_key_id)\s*=\s*aws_kms_key\.(\w+)"#)
        for (example, files) in try examples() {
            for file in files where file.path.hasSuffix(".tf") {
                let text = file.contents
                for match in keyReference.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let key = String(text[Range(match.range(at: 2), in: text)!])
                    XCTAssertEqual(key, "storage", "\(example)/\(file.path): at-rest encryption with the \(key) key")
                }
            }
            let compute = try XCTUnwrap(files.first { $0.path == "compute.tf" }).contents
            XCTAssertTrue(compute.contains("http_put_response_hop_limit = 1\n"), example)
            XCTAssertTrue(compute.contains("http_tokens                 = \"required\""), example)
        }
    }

    private func name(_ files: [GeneratedFile]) throws -> String {
        let tfvars = try tfvars(files)
        return try XCTUnwrap(tfvars["name"] as? String)
    }

    private func tfvars(_ files: [GeneratedFile]) throws -> [String: Any] {
        let file = try XCTUnwrap(files.first { $0.path == "nitroforge.auto.tfvars.json" })
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
    }

    /// The allowed PCR0 list as the review policy must show it: the measured value (a placeholder before
    /// measurement) and the spec's extras.
    private func tfvarsPCR0(_ files: [GeneratedFile]) throws -> [String] {
        let vars = try tfvars(files)
        return [vars["enclave_pcr0"] as? String ?? "<enclave-pcr0>"] + (vars["enclave_extra_pcr0"] as? [String] ?? [])
    }
}
