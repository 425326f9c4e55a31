import PolicyEvaluator
import XCTest

/// Condition operators, missing keys, several values and keys, set qualifiers and key-name case.
final class ConditionOperatorTests: XCTestCase {
    private func allow(_ condition: String) -> String { Sample.statement(condition: condition) }
    private func deny(_ condition: String) -> String { Sample.statement(effect: "Deny", principal: "\"*\"", condition: condition) }
    private let app = ["nitroforge:app": "fraud-scoring"]

    func testStringOperatorsAndMissingKeys() {
        let equalsApp = "{\"StringEquals\": {\"kms:EncryptionContext:nitroforge:app\": \"fraud-scoring\"}}"
        let cases = [
            EvaluationCase("StringEquals matches the exact value", source: AWSDocs.conditionOperators,
                           statements: allow(equalsApp), request: Sample.request(context: app), expected: .allow),
            EvaluationCase("StringEquals is case-sensitive", source: AWSDocs.conditionOperators,
                           statements: allow(equalsApp), request: Sample.request(context: ["nitroforge:app": "Fraud-Scoring"]), expected: .implicitDeny),
            EvaluationCase("a positive operator fails when the key is absent", source: AWSDocs.conditionOperators,
                           statements: allow(equalsApp), request: Sample.request(), expected: .implicitDeny),
            EvaluationCase("StringEqualsIgnoreCase ignores case", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringEqualsIgnoreCase\": {\"kms:RecipientAttestation:ImageSha384\": \"\(Sample.pcr0.uppercased())\"}}"),
                           request: Sample.request(attestation: RecipientAttestation(pcr0: Sample.pcr0)), expected: .allow),
            EvaluationCase("StringNotEqualsIgnoreCase matches when the key is absent (no attestation)", source: AWSDocs.conditionOperators,
                           statements: "\(Sample.statement()), \(deny("{\"StringNotEqualsIgnoreCase\": {\"kms:RecipientAttestation:ImageSha384\": \"\(Sample.pcr0)\"}}"))",
                           request: Sample.request(), expected: .explicitDeny),
            EvaluationCase("StringNotEqualsIgnoreCase does not match an equal value of other case", source: AWSDocs.conditionOperators,
                           statements: "\(Sample.statement()), \(deny("{\"StringNotEqualsIgnoreCase\": {\"kms:RecipientAttestation:ImageSha384\": \"\(Sample.pcr0)\"}}"))",
                           request: Sample.request(attestation: RecipientAttestation(pcr0: Sample.pcr0.uppercased())), expected: .allow),
            EvaluationCase("StringNotEquals matches a different value", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringNotEquals\": {\"kms:EncryptionContext:nitroforge:app\": \"other\"}}"),
                           request: Sample.request(context: app), expected: .allow),
            EvaluationCase("StringNotEquals does not match the same value", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringNotEquals\": {\"kms:EncryptionContext:nitroforge:app\": \"fraud-scoring\"}}"),
                           request: Sample.request(context: app), expected: .implicitDeny),
            EvaluationCase("StringLike matches with *", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringLike\": {\"kms:EncryptionContext:aws:logs:arn\": \"arn:aws:logs:us-east-1:111122223333:log-group:/app/*\"}}"),
                           request: Sample.request(context: ["aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:/app/host"]), expected: .allow),
            EvaluationCase("StringLike does not match another prefix", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringLike\": {\"kms:EncryptionContext:aws:logs:arn\": \"arn:aws:logs:us-east-1:111122223333:log-group:/app/*\"}}"),
                           request: Sample.request(context: ["aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:/other/host"]), expected: .implicitDeny),
            EvaluationCase("StringNotLike matches when the key is absent", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringNotLike\": {\"kms:EncryptionContext:aws:logs:arn\": \"*\"}}"), request: Sample.request(), expected: .allow),
            EvaluationCase("...IfExists holds when the key is absent", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringEqualsIfExists\": {\"kms:ViaService\": \"s3.us-east-1.amazonaws.com\"}}"), request: Sample.request(), expected: .allow),
            EvaluationCase("...IfExists tests the value when the key is present", source: AWSDocs.conditionOperators,
                           statements: allow("{\"StringEqualsIfExists\": {\"kms:ViaService\": \"s3.us-east-1.amazonaws.com\"}}"),
                           request: Sample.request(viaService: "sqs.us-east-1.amazonaws.com"), expected: .implicitDeny),
        ]
        cases.forEach { $0.run() }
    }

    func testArnBoolAndNullOperators() {
        let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/app-trail"
        let cases = [
            EvaluationCase("ArnLike matches each ARN component with wildcards", source: AWSDocs.conditionOperators,
                           statements: allow("{\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:cloudtrail:*:111122223333:trail/*\"}}"),
                           request: Sample.request(sourceArn: trail), expected: .allow),
            EvaluationCase("ArnLike does not let * cross into the account component", source: AWSDocs.conditionOperators,
                           statements: allow("{\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:cloudtrail:*:444455556666:trail/*\"}}"),
                           request: Sample.request(sourceArn: trail), expected: .implicitDeny),
            EvaluationCase("ArnEquals matches the same ARN", source: AWSDocs.conditionOperators,
                           statements: allow("{\"ArnEquals\": {\"aws:SourceArn\": \"\(trail)\"}}"), request: Sample.request(sourceArn: trail), expected: .allow),
            EvaluationCase("Bool matches false", source: AWSDocs.conditionOperators,
                           statements: deny("{\"Bool\": {\"aws:SecureTransport\": \"false\"}}"),
                           request: Sample.request(secureTransport: false), expected: .explicitDeny),
            EvaluationCase("Bool false does not match true", source: AWSDocs.conditionOperators,
                           statements: "\(Sample.statement()), \(deny("{\"Bool\": {\"aws:SecureTransport\": false}}"))",
                           request: Sample.request(), expected: .allow),
            EvaluationCase("Null true matches an absent key", source: AWSDocs.conditionOperators,
                           statements: deny("{\"Null\": {\"kms:RecipientAttestation:ImageSha384\": \"true\"}}"), request: Sample.request(), expected: .explicitDeny),
            EvaluationCase("Null true does not match a present key", source: AWSDocs.conditionOperators,
                           statements: "\(Sample.statement()), \(deny("{\"Null\": {\"kms:RecipientAttestation:ImageSha384\": \"true\"}}"))",
                           request: Sample.request(attestation: RecipientAttestation(pcr0: Sample.pcr0)), expected: .allow),
            EvaluationCase("Null false matches a present key", source: AWSDocs.conditionOperators,
                           statements: allow("{\"Null\": {\"kms:RecipientAttestation:ImageSha384\": \"false\"}}"),
                           request: Sample.request(attestation: RecipientAttestation(pcr0: Sample.pcr0)), expected: .allow),
        ]
        cases.forEach { $0.run() }
    }

    func testSeveralValuesAreOrSeveralKeysAndOperatorsAreAnd() {
        let purposeAndApp = "{\"StringEquals\": {\"kms:EncryptionContext:nitroforge:app\": \"fraud-scoring\", \"kms:EncryptionContext:nitroforge:purpose\": \"result\"}}"
        let cases = [
            EvaluationCase("several values for one key are ORed", source: AWSDocs.multipleKeysOrValues,
                           statements: allow("{\"StringEquals\": {\"kms:ViaService\": [\"s3.us-east-1.amazonaws.com\", \"sqs.us-east-1.amazonaws.com\"]}}"),
                           request: Sample.request(viaService: "sqs.us-east-1.amazonaws.com"), expected: .allow),
            EvaluationCase("a negated operator's several values are NORed", source: AWSDocs.multipleKeysOrValues,
                           statements: allow("{\"StringNotEquals\": {\"kms:ViaService\": [\"s3.us-east-1.amazonaws.com\", \"sqs.us-east-1.amazonaws.com\"]}}"),
                           request: Sample.request(viaService: "sqs.us-east-1.amazonaws.com"), expected: .implicitDeny),
            EvaluationCase("several keys under one operator are ANDed (both met)", source: AWSDocs.multipleKeysOrValues,
                           statements: allow(purposeAndApp), request: Sample.request(context: ["nitroforge:app": "fraud-scoring", "nitroforge:purpose": "result"]), expected: .allow),
            EvaluationCase("several keys under one operator are ANDed (one missing)", source: AWSDocs.multipleKeysOrValues,
                           statements: allow(purposeAndApp), request: Sample.request(context: app), expected: .implicitDeny),
            EvaluationCase("several operators are ANDed", source: AWSDocs.multipleKeysOrValues,
                           statements: allow("{\"StringEquals\": {\"kms:EncryptionContext:nitroforge:app\": \"fraud-scoring\"}, \"StringEqualsIgnoreCase\": {\"kms:RecipientAttestation:ImageSha384\": \"\(Sample.pcr0)\"}}"),
                           request: Sample.request(context: app), expected: .implicitDeny),
            EvaluationCase("context key names are not case-sensitive", source: AWSDocs.condition,
                           statements: allow("{\"StringEquals\": {\"KMS:ENCRYPTIONCONTEXT:NitroForge:App\": \"fraud-scoring\"}}"),
                           request: Sample.request(context: app), expected: .allow),
        ]
        cases.forEach { $0.run() }
    }

    func testSetQualifiersOnMultivaluedKeys() {
        let anyApp = "{\"ForAnyValue:StringEquals\": {\"kms:EncryptionContextKeys\": \"nitroforge:app\"}}"
        let allKnown = "{\"ForAllValues:StringEquals\": {\"kms:EncryptionContextKeys\": [\"nitroforge:app\", \"nitroforge:job\"]}}"
        let cases = [
            EvaluationCase("ForAnyValue holds when one request value matches", source: AWSDocs.singleVsMultivalued,
                           statements: allow(anyApp), request: Sample.request(context: ["nitroforge:app": "a", "other": "b"]), expected: .allow),
            EvaluationCase("ForAnyValue fails when the key is absent", source: AWSDocs.singleVsMultivalued,
                           statements: allow(anyApp), request: Sample.request(), expected: .implicitDeny),
            EvaluationCase("ForAllValues holds when every request value matches one policy value", source: AWSDocs.singleVsMultivalued,
                           statements: allow(allKnown), request: Sample.request(context: ["nitroforge:app": "a", "nitroforge:job": "j"]), expected: .allow),
            EvaluationCase("ForAllValues fails when one request value matches none", source: AWSDocs.singleVsMultivalued,
                           statements: allow(allKnown), request: Sample.request(context: ["nitroforge:app": "a", "aws-crypto-public-key": "k"]), expected: .implicitDeny),
            EvaluationCase("ForAllValues holds when the key is absent", source: AWSDocs.singleVsMultivalued,
                           statements: allow(allKnown), request: Sample.request(), expected: .allow),
            EvaluationCase("ForAnyValue:StringNotEquals holds when one request value matches no policy value", source: AWSDocs.singleVsMultivalued,
                           statements: allow("{\"ForAnyValue:StringNotEquals\": {\"kms:EncryptionContextKeys\": \"nitroforge:app\"}}"),
                           request: Sample.request(context: ["nitroforge:app": "a", "other": "b"]), expected: .allow),
        ]
        cases.forEach { $0.run() }
    }

    func testRecipientAttestationKeysComeFromTheDocument() {
        let consumerStatement = allow("{\"StringEqualsIgnoreCase\": {\"kms:RecipientAttestation:ImageSha384\": \"\(Sample.pcr0)\"}}")
        let pcr8Deny = deny("{\"StringNotEqualsIgnoreCase\": {\"kms:RecipientAttestation:PCR8\": \"\(String(repeating: "cd", count: 48))\"}}")
        let cases = [
            EvaluationCase("ImageSha384 is PCR0 of the Recipient document", source: AWSDocs.kmsNitroEnclaves,
                           statements: consumerStatement, request: Sample.request(attestation: RecipientAttestation(pcr0: Sample.pcr0)), expected: .allow),
            EvaluationCase("without a Recipient document the ImageSha384 condition is not met", source: AWSDocs.kmsNitroEnclaves,
                           statements: consumerStatement, request: Sample.request(), expected: .implicitDeny),
            EvaluationCase("a PCR8 deny fires on another signing certificate even with the allowed PCR0", source: AWSDocs.kmsNitroEnclaves,
                           statements: "\(consumerStatement), \(pcr8Deny)",
                           request: Sample.request(attestation: RecipientAttestation(pcr0: Sample.pcr0, pcr8: String(repeating: "ef", count: 48))), expected: .explicitDeny),
            EvaluationCase("the KMS encryption context condition reads the request's context", source: AWSDocs.kmsConditionKeys,
                           statements: allow("{\"StringEquals\": {\"kms:EncryptionContext:nitroforge:app\": \"fraud-scoring\"}}"),
                           request: Sample.request(context: app), expected: .allow),
        ]
        cases.forEach { $0.run() }
    }
}
