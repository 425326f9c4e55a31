import PolicyEvaluator
import XCTest

/// Deny wins over Allow, Allow over the default; principals, actions and resources as IAM documents them.
final class EvaluationLogicTests: XCTestCase {
    func testExplicitDenyWinsThenAllowThenImplicitDeny() {
        let allow = Sample.statement()
        let deny = Sample.statement(effect: "Deny", principal: "\"*\"")
        let cases = [
            EvaluationCase("an applicable Deny trumps an applicable Allow", source: AWSDocs.explicitAndImplicitDeny,
                           statements: "\(allow), \(deny)", request: Sample.request(), expected: .explicitDeny),
            EvaluationCase("an applicable Allow without a Deny allows", source: AWSDocs.explicitAndImplicitDeny,
                           statements: allow, request: Sample.request(), expected: .allow),
            EvaluationCase("no applicable statement is an implicit deny", source: AWSDocs.explicitAndImplicitDeny,
                           statements: allow, request: Sample.request(Sample.producer), expected: .implicitDeny),
        ]
        cases.forEach { $0.run() }
    }

    func testPrincipalForms() {
        let cases = [
            EvaluationCase("\"*\" is every principal", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "\"*\""), request: Sample.request(Sample.producer), expected: .allow),
            EvaluationCase("{\"AWS\": \"*\"} is equivalent to \"*\", services included", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "{\"AWS\": \"*\"}"), request: Sample.request(.service("logs.us-east-1.amazonaws.com")), expected: .allow),
            EvaluationCase("a role ARN names only that role", source: AWSDocs.principal,
                           statements: Sample.statement(), request: Sample.request(Sample.producer), expected: .implicitDeny),
            EvaluationCase("an account root delegates to the account's IAM policies", source: AWSDocs.kmsDefaultKeyPolicy,
                           statements: Sample.statement(principal: "{\"AWS\": \"arn:aws:iam::111122223333:root\"}"),
                           request: Sample.request(Sample.producer), expected: .allowIfAccountAllows("111122223333")),
            EvaluationCase("a bare account id is the account root", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "{\"AWS\": \"111122223333\"}"),
                           request: Sample.request(Sample.producer), expected: .allowIfAccountAllows("111122223333")),
            EvaluationCase("the account's root user itself is named by the root ARN", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "{\"AWS\": \"arn:aws:iam::111122223333:root\"}"),
                           request: Sample.request(.accountRoot(account: "111122223333")), expected: .allow),
            EvaluationCase("an account root says nothing about another account", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "{\"AWS\": \"arn:aws:iam::111122223333:root\"}"),
                           request: Sample.request(Sample.foreign), expected: .implicitDeny),
            EvaluationCase("a principal of another account also needs its own account's IAM policies", source: AWSDocs.kmsExternalAccounts,
                           statements: Sample.statement(principal: "{\"AWS\": \"arn:aws:iam::444455556666:role/app-consumer\"}"),
                           request: Sample.request(Sample.foreign), expected: .allowIfAccountAllows("444455556666")),
            EvaluationCase("a service principal names the service", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "{\"Service\": \"logs.us-east-1.amazonaws.com\"}"),
                           request: Sample.request(.service("logs.us-east-1.amazonaws.com")), expected: .allow),
            EvaluationCase("a service principal does not name a role", source: AWSDocs.principal,
                           statements: Sample.statement(principal: "{\"Service\": \"logs.us-east-1.amazonaws.com\"}"),
                           request: Sample.request(), expected: .implicitDeny),
        ]
        cases.forEach { $0.run() }
    }

    func testActionWildcardsCaseAndNotAction() {
        let reEncrypt = Sample.statement(action: "\"Action\": \"kms:ReEncrypt*\"")
        let cases = [
            EvaluationCase("kms:ReEncrypt* covers ReEncryptFrom", source: AWSDocs.action,
                           statements: reEncrypt, request: Sample.request(Sample.consumer, "kms:ReEncryptFrom"), expected: .allow),
            EvaluationCase("kms:ReEncrypt* covers ReEncryptTo", source: AWSDocs.action,
                           statements: reEncrypt, request: Sample.request(Sample.consumer, "kms:ReEncryptTo"), expected: .allow),
            EvaluationCase("kms:ReEncrypt* does not cover Decrypt", source: AWSDocs.action,
                           statements: reEncrypt, request: Sample.request(), expected: .implicitDeny),
            EvaluationCase("prefix and action name are case insensitive", source: AWSDocs.action,
                           statements: Sample.statement(action: "\"Action\": \"KMS:decrypt\""), request: Sample.request(), expected: .allow),
            EvaluationCase("? matches exactly one character", source: AWSDocs.action,
                           statements: Sample.statement(action: "\"Action\": \"kms:?ecrypt\""), request: Sample.request(), expected: .allow),
            EvaluationCase("NotAction with Allow allows every other action", source: AWSDocs.notAction,
                           statements: Sample.statement(action: "\"NotAction\": \"kms:Decrypt\""),
                           request: Sample.request(Sample.consumer, "kms:GenerateDataKey"), expected: .allow),
            EvaluationCase("NotAction with Allow does not allow the listed action", source: AWSDocs.notAction,
                           statements: Sample.statement(action: "\"NotAction\": \"kms:Decrypt\""), request: Sample.request(), expected: .implicitDeny),
            EvaluationCase("NotResource with Deny denies every resource but the listed ones", source: AWSDocs.notResource,
                           statements: "\(Sample.statement(resource: "\"Resource\": \"*\"")), \(Sample.statement(effect: "Deny", resource: "\"NotResource\": \"arn:aws:kms:us-east-1:111122223333:key/k1\""))",
                           request: Sample.request(resource: "arn:aws:kms:us-east-1:111122223333:key/k2"), expected: .explicitDeny),
            EvaluationCase("NotResource with Deny leaves the listed resource alone", source: AWSDocs.notResource,
                           statements: "\(Sample.statement(resource: "\"Resource\": \"*\"")), \(Sample.statement(effect: "Deny", resource: "\"NotResource\": \"arn:aws:kms:us-east-1:111122223333:key/k1\""))",
                           request: Sample.request(), expected: .allow),
            EvaluationCase("a Resource ARN names only that key", source: AWSDocs.notResource,
                           statements: Sample.statement(resource: "\"Resource\": \"arn:aws:kms:us-east-1:111122223333:key/k1\""),
                           request: Sample.request(resource: "arn:aws:kms:us-east-1:111122223333:key/k2"), expected: .implicitDeny),
        ]
        cases.forEach { $0.run() }
    }
}
