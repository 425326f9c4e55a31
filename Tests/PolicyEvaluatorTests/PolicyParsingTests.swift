import Foundation
import PolicyAudit
import PolicyEvaluator
import XCTest

/// The generated policies parse into typed values; anything outside the modelled subset is refused by name.
final class PolicyParsingTests: XCTestCase {
    func testGeneratedDataKeyPolicyParsesIntoTypedStatements() throws {
        let policy = try Fixtures.policy("inference", .data)
        XCTAssertEqual(policy.statements.count, 7)
        XCTAssertEqual(policy.statements.map { $0.id.sid ?? "" }, [
            "KeyAdministratorsManageOnly", "ProducersGenerateDataKeysForThisApp", "EnclaveDecryptsWithAttestation",
            "EnclaveResolvesKeyAlias", "DenyDecryptOutsideAllowedImages", "DenyReEncryptForEveryone", "DenyAliasChangesForEveryone",
        ])
        let consumer = policy.statements[2]
        XCTAssertEqual(consumer.principals, [.iam("arn:aws:iam::111122223333:role/fraud-scoring-consumer")])
        XCTAssertEqual(consumer.conditions.count, 1)
        XCTAssertEqual(consumer.conditions.first?.op, ConditionOperator(base: .stringEqualsIgnoreCase))
        XCTAssertEqual(consumer.conditions.first?.key, "kms:recipientattestation:imagesha384")
        XCTAssertEqual(consumer.conditions.first?.values, ["<enclave-pcr0>"])
        XCTAssertEqual(policy.statements[4].principals, [.everyone])
        XCTAssertEqual(policy.statements[4].effect, .deny)
    }

    func testEveryGeneratedKeyPolicyParses() throws {
        for folder in ["inference", "training", "existing-vpc"] {
            for key in KeyRole.allCases {
                XCTAssertFalse(try Fixtures.policy(folder, key).statements.isEmpty, "\(folder)/\(key.fileName)")
            }
        }
    }

    /// The generated role policies carry `<name>` placeholders inside ARNs; they stay literal text.
    func testPlaceholdersInsideResourceARNsStayLiteral() throws {
        let json = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt",
          "Resource": "arn:aws:kms:us-east-1:111122223333:key/<data-key-id>"}]}
        """
        let policy = try PolicyDocument(json: Data(json.utf8))
        XCTAssertEqual(policy.statements.first?.resources.patterns, ["arn:aws:kms:us-east-1:111122223333:key/<data-key-id>"])
        let request = RequestContext(principal: Sample.consumer, action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:111122223333:key/<data-key-id>")
        XCTAssertEqual(policy.evaluate(request), .allow(by: [StatementID(index: 0, sid: nil)]))
    }

    private func refusal(_ statement: String, version: String = "2012-10-17", file: StaticString = #filePath, line: UInt = #line) -> PolicyError? {
        let json = "{\"Version\": \"\(version)\", \"Statement\": [\(Sample.statement()), \(statement)]}"
        do {
            _ = try PolicyDocument(json: Data(json.utf8))
            XCTFail("accepted \(statement)", file: file, line: line)
            return nil
        } catch let error as PolicyError {
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testUnknownConditionOperatorIsRefusedNamingStatementAndOperator() {
        let statement = "{\"Sid\": \"Numeric\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Condition\": {\"NumericEquals\": {\"kms:ViaService\": \"1\"}}}"
        let error = refusal(statement)
        XCTAssertEqual(error?.kind, .unsupportedConditionOperator("NumericEquals"))
        XCTAssertEqual(error?.statementIndex, 1)
        XCTAssertEqual(error?.sid, "Numeric")
        XCTAssertEqual(error?.description, "statement 1 (Sid \"Numeric\"): unsupported condition operator \"NumericEquals\"")
    }

    func testEveryUnmodelledPartIsRefusedByName() {
        let base = "\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\""
        let cases: [(String, PolicyError.Kind)] = [
            ("{\(base), \"NotPrincipal\": {\"AWS\": \"*\"}}", .unsupportedElement("NotPrincipal")),
            ("{\(base), \"Principal\": {\"Federated\": \"cognito-identity.amazonaws.com\"}}", .unsupportedPrincipalType("Federated")),
            ("{\(base), \"Principal\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:SourceIp\": \"10.0.0.1\"}}}", .unsupportedConditionKey("aws:SourceIp")),
            ("{\(base), \"Principal\": \"*\", \"Condition\": {\"ForAnyValue:Null\": {\"kms:ViaService\": \"true\"}}}", .unsupportedConditionOperator("ForAnyValue:Null")),
            ("{\(base), \"Principal\": \"*\", \"Condition\": {\"DateGreaterThan\": {\"kms:ViaService\": \"x\"}}}", .unsupportedConditionOperator("DateGreaterThan")),
            ("{\(base), \"Principal\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:EncryptionContextKeys\": \"a\"}}}",
             .invalidOperatorForKey(operator: "StringEquals", key: "kms:EncryptionContextKeys")),
            ("{\(base), \"Principal\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalArn\": \"${aws:username}\"}}}", .policyVariable("${aws:username}")),
            ("{\(base), \"Principal\": \"*\", \"NotAction\": \"kms:Encrypt\"}", .conflictingElements("Action", "NotAction")),
            ("{\"Effect\": \"Deny\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Principal\": {\"AWS\": \"111122223333\"}}",
             .unsupportedPrincipal("an account in a Deny statement")),
            ("{\"Effect\": \"Permit\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Principal\": \"*\"}", .invalidValue(element: "Effect", value: "\"Permit\"")),
            ("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Resource\": \"*\"}", .missingElement("Action")),
            ("{\(base), \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/*\"}}",
             .invalidValue(element: "Principal.AWS", value: "arn:aws:iam::111122223333:role/*")),
        ]
        XCTAssertEqual(cases.count, 12)
        for (statement, kind) in cases {
            let error = refusal(statement)
            XCTAssertEqual(error?.kind, kind, statement)
            XCTAssertEqual(error?.statementIndex, 1, statement)
        }
    }

    func testOnlyVersion20121017IsAccepted() {
        XCTAssertEqual(refusal(Sample.statement(), version: "2008-10-17")?.kind, .unsupportedVersion("2008-10-17"))
    }
}
