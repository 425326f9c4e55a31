import Foundation
import PolicyEvaluator

/// The three key policies of one output folder, parsed.
public struct KeyPolicySet: Sendable {
    public var policies: [KeyRole: PolicyDocument]

    public init(policies: [KeyRole: PolicyDocument]) {
        self.policies = policies
    }

    /// Reads `data-key.json`, `results-key.json` and `storage-key.json` from a `policies/` folder.
    public init(policiesFolder: URL) throws {
        var policies: [KeyRole: PolicyDocument] = [:]
        for key in KeyRole.allCases {
            let url = policiesFolder.appendingPathComponent(key.fileName)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw AuditError.missingPolicy(key, path: url.path)
            }
            do {
                policies[key] = try PolicyDocument(json: data)
            } catch let error as PolicyError {
                throw AuditError.unreadablePolicy(key, error)
            }
        }
        self.policies = policies
    }

    /// Parses the three policies from their JSON text, as `generate` holds them before writing.
    public init(json: [KeyRole: Data]) throws {
        var policies: [KeyRole: PolicyDocument] = [:]
        for key in KeyRole.allCases {
            guard let data = json[key] else { throw AuditError.missingPolicy(key, path: "policies/\(key.fileName)") }
            do {
                policies[key] = try PolicyDocument(json: data)
            } catch let error as PolicyError {
                throw AuditError.unreadablePolicy(key, error)
            }
        }
        self.policies = policies
    }

    public subscript(key: KeyRole) -> PolicyDocument? { policies[key] }
}
