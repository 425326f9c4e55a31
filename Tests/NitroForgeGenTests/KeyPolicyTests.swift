import Foundation
import NitroForgeSpec
import XCTest
@testable import NitroForgeGen

/// Reads the generated policies/*.json (the review copies Terraform renders from the same values) and
/// asserts the key-policy rules one by one, for every example. Each test first pins the exact set of
/// statements it is about, so that a missing statement fails instead of leaving nothing to check.
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
            let decrypters = try policy(files, "data-key").filter { isAllow($0) && actions($0).contains { covers($0, "kms:Decrypt") } }
            XCTAssertEqual(decrypters.count, 1, "\(example): exactly one statement allows Decrypt on the data key")
            XCTAssertEqual(decrypters.map(principals), [["arn:aws:iam::111122223333:role/\(try name(files))-consumer"]], example)
            XCTAssertEqual(decrypters.map { condition($0, "StringEqualsIgnoreCase", "kms:RecipientAttestation:ImageSha384") }, [allowed], example)
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
            XCTAssertEqual(decrypters.count, 1, "\(example): exactly one statement allows Decrypt on the results key")
            XCTAssertEqual(decrypters.flatMap(principals), readers, example)
            XCTAssertEqual(decrypters.map { condition($0, "StringEquals", "kms:EncryptionContext:nitroforge:purpose") }, [["result"]], example)
        }
    }

    func testNoRootOrAdministratorKeyUse() throws {
        let use = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                   "kms:CreateGrant"]
        for (example, files) in try examples() {
            let administrators = Set(try SpecLoader.load(path: TestEnvironment.specPath(example)).kms.administrators)
            XCTAssertFalse(administrators.isEmpty, example)
            for key in ["data-key", "results-key", "storage-key"] {
                let allows = try policy(files, key).filter(isAllow)
                XCTAssertFalse(allows.isEmpty, "\(example)/\(key): no Allow statement at all")
                for statement in allows {
                    XCTAssertFalse(actions(statement).contains("kms:*"), "\(example)/\(key): kms:*")
                    XCTAssertFalse(principals(statement).contains { $0.hasSuffix(":root") }, "\(example)/\(key): account root")
                }
                // The spec's administrators, found by principal rather than by statement name: exactly one
                // statement names them, it lets them manage the key, and nothing in it uses the key.
                let forAdministrators = allows.filter { !administrators.isDisjoint(with: principals($0)) }
                XCTAssertEqual(forAdministrators.map { Set(principals($0)) }, [administrators], "\(example)/\(key): one statement for the administrators")
                XCTAssertEqual(forAdministrators.map { actions($0).contains("kms:PutKeyPolicy") }, [true], "\(example)/\(key): administrators manage the key")
                for statement in forAdministrators {
                    let granted = use.filter { action in actions(statement).contains { covers($0, action) } }
                    XCTAssertEqual(granted, [], "\(example)/\(key): administrators use or grant the key")
                }
            }
        }
    }

    func testProducerHasNoDecryptOnTheDataKey() throws {
        for (example, files) in try examples() {
            let producer = "arn:aws:iam::111122223333:role/\(try name(files))-producer"
            let keyPolicyGrants = try policy(files, "data-key").filter { isAllow($0) && principals($0).contains(producer) }
            XCTAssertEqual(keyPolicyGrants.map(actions), [["kms:GenerateDataKey"]], "\(example): the data key's one statement for the producer")
            let roleGrants = try policy(files, "producer-role").filter { list($0["Resource"]).contains { $0.contains("<data-key-id>") } }
            XCTAssertEqual(roleGrants.map(actions), [["kms:GenerateDataKey"]], "\(example): the producer role's one statement on the data key")
        }
    }

    func testNoAtRestEncryptionUsesTheDataOrResultsKeyAndHopLimitIsOne() throws {
        // Every at-rest key attribute, whatever its value; each must name the storage key.
        let keyAttribute = try NSRegularExpression(pattern: #"^\s*(kms_master_key_id|kms_key_id)\s*=\s*(.*)$"#, options: .anchorsMatchLines)
        for (example, files) in try examples() {
            var values: [String] = []
            for file in files where file.path.hasSuffix(".tf") {
                let text = file.contents
                for match in keyAttribute.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let value = String(text[Range(match.range(at: 2), in: text)!])
                    XCTAssertEqual(value, "aws_kms_key.storage.arn", "\(example)/\(file.path): at-rest encryption with \(value)")
                    values.append(value)
                }
            }
            // At least the jobs and artifacts buckets, both queues, a log group, the trail and the alarm topic.
            XCTAssertGreaterThanOrEqual(values.count, 7, "\(example): at-rest encryption attributes")
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
