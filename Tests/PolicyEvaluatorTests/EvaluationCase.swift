import Foundation
import PolicyEvaluator
import XCTest

/// One row of a table-driven test: a policy, a request, the decision AWS documents, and where.
struct EvaluationCase {
    enum Expected: Equatable {
        case explicitDeny, allow, implicitDeny
        case allowIfAccountAllows(String)
    }

    let name: String
    let source: String
    let statements: String
    let request: RequestContext
    let expected: Expected

    init(_ name: String, source: String, statements: String, request: RequestContext, expected: Expected) {
        self.name = name
        self.source = source
        self.statements = statements
        self.request = request
        self.expected = expected
    }

    func run(file: StaticString = #filePath, line: UInt = #line) {
        let json = "{\"Version\": \"2012-10-17\", \"Statement\": [\(statements)]}"
        do {
            let decision = try PolicyDocument(json: Data(json.utf8)).evaluate(request)
            let actual: Expected
            switch decision {
            case .explicitDeny: actual = .explicitDeny
            case .allow: actual = .allow
            case .implicitDeny: actual = .implicitDeny
            case .allowIfAccountAllows(let account, _): actual = .allowIfAccountAllows(account)
            }
            XCTAssertEqual(actual, expected, "\(name) (\(source)): \(decision)", file: file, line: line)
        } catch {
            XCTFail("\(name) (\(source)): \(error)", file: file, line: line)
        }
    }
}

/// Requests and statement fragments the tables share.
enum Sample {
    static let account = "111122223333"
    static let consumer = RequestPrincipal.iam(arn: "arn:aws:iam::111122223333:role/app-consumer")
    static let producer = RequestPrincipal.iam(arn: "arn:aws:iam::111122223333:role/app-producer")
    static let foreign = RequestPrincipal.iam(arn: "arn:aws:iam::444455556666:role/app-consumer")
    static let pcr0 = String(repeating: "ab", count: 48)

    static func request(
        _ principal: RequestPrincipal = consumer, _ action: String = "kms:Decrypt", context: [String: String] = [:],
        attestation: RecipientAttestation? = nil, resource: String = "arn:aws:kms:us-east-1:111122223333:key/k1",
        secureTransport: Bool? = true, viaService: String? = nil, sourceArn: String? = nil
    ) -> RequestContext {
        RequestContext(
            principal: principal, action: action, resource: resource, resourceAccount: account, encryptionContext: context,
            attestation: attestation, viaService: viaService, secureTransport: secureTransport, sourceArn: sourceArn
        )
    }

    /// A statement with everything but the varying part fixed.
    static func statement(
        effect: String = "Allow", principal: String = "{\"AWS\": \"arn:aws:iam::111122223333:role/app-consumer\"}",
        action: String = "\"Action\": \"kms:Decrypt\"", resource: String = "\"Resource\": \"*\"", condition: String? = nil
    ) -> String {
        var parts = ["\"Effect\": \"\(effect)\"", "\"Principal\": \(principal)", action, resource]
        if let condition { parts.append("\"Condition\": \(condition)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
