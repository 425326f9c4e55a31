import Foundation
import PolicyEvaluator

/// One axis of the request space: the attestation a request carries, or the value of one context key.
/// Its values are those the policy (and the subject) mention, plus absent and one value matching none.
public struct ConditionDimension: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case absent
        case attestation(pcr0: String, pcr8: String?)
        case value(String)
    }

    public enum Kind: Sendable, Hashable {
        case attestation
        case key(String)
    }

    public let kind: Kind
    /// The key as the policy first spells it, for the table.
    let displayName: String?
    public let values: [Value]
    /// Human labels, parallel to `values`.
    public let labels: [String]

    public var name: String {
        switch kind {
        case .attestation: return "attestation"
        case .key(let key): return displayName ?? key
        }
    }

    init(kind: Kind, displayName: String? = nil, values: [Value], labels: [String]) {
        self.kind = kind
        self.displayName = displayName
        self.values = values
        self.labels = labels
    }

    static let otherValue = "nitroforge-audit-other"
    static let otherPCR = String(repeating: "e", count: 96)

    /// Keys that follow from the principal or from other dimensions, so they are not axes of their own.
    static let derivedKeys: Set<String> = [
        ConditionKey.principalArn, ConditionKey.principalAccount, ConditionKey.callerAccount,
        ConditionKey.encryptionContextKeys, ConditionKey.imageSha384,
    ]

    /// - Parameter attestationAxis: keep the attestation axis even when no statement mentions attestation
    ///   (the data and results keys, whose invariants are about it).
    static func dimensions(subject: AuditSubject, policy: PolicyDocument, attestationAxis: Bool) -> [ConditionDimension] {
        var mentioned: [String: [ConditionClause]] = [:]
        var keyOrder: [String] = []
        for clause in policy.statements.flatMap(\.conditions) {
            if mentioned[clause.key] == nil { keyOrder.append(clause.key) }
            mentioned[clause.key, default: []].append(clause)
        }
        let pcr0Key = ConditionKey.pcr(0), pcr8Key = ConditionKey.pcr(8)
        let mentionsAttestation = mentioned.keys.contains { $0 == ConditionKey.imageSha384 || $0.hasPrefix(ConditionKey.pcrPrefix) }
        var result: [ConditionDimension] = []
        if attestationAxis || mentionsAttestation {
            result.append(attestation(subject: subject, mentioned: mentioned, pcr0Key: pcr0Key, pcr8Key: pcr8Key))
        }
        // Context keys named only under kms:EncryptionContextKeys still get an axis of their own.
        for clause in mentioned[ConditionKey.encryptionContextKeys] ?? [] {
            for name in clause.values where !name.contains("*") && !name.contains("?") {
                let key = ConditionKey.encryptionContext(name)
                if mentioned[key] == nil { keyOrder.append(key); mentioned[key] = [] }
            }
        }
        for key in keyOrder where !derivedKeys.contains(key) && key != pcr0Key && key != pcr8Key {
            if key.hasPrefix(ConditionKey.pcrPrefix) {
                result.append(generic(key: key, clauses: mentioned[key] ?? [], other: otherPCR))
            } else if key == ConditionKey.secureTransport || key == ConditionKey.grantIsForAWSResource
                        || (mentioned[key] ?? []).contains(where: { $0.op.base == .bool }) {
                result.append(ConditionDimension(
                    kind: .key(key), displayName: mentioned[key]?.first?.keyAsWritten, values: [.absent, .value("true"), .value("false")],
                    labels: ["absent", "true", "false"]
                ))
            } else {
                result.append(generic(key: key, clauses: mentioned[key] ?? [], other: otherValue))
            }
        }
        if mentioned[ConditionKey.encryptionContextKeys] != nil {
            let key = ConditionKey.encryptionContext("nitroforge-audit-extra")
            result.append(ConditionDimension(kind: .key(key), values: [.absent, .value(otherValue)], labels: ["absent", "present"]))
        }
        return result
    }

    /// Absent; each allowed or mentioned PCR0 and one matching none; the same for PCR8 when the image is
    /// signed or a policy names PCR8.
    private static func attestation(subject: AuditSubject, mentioned: [String: [ConditionClause]], pcr0Key: String, pcr8Key: String) -> ConditionDimension {
        func candidates(allowed: [String], keys: [String]) -> [(String, String)] {
            var seen: [String] = []
            var out: [(String, String)] = []
            for value in allowed where !seen.contains(value.lowercased()) {
                seen.append(value.lowercased()); out.append((value, "allowed \(value)"))
            }
            for key in keys {
                for clause in mentioned[key] ?? [] where clause.op.base != .null {
                    for value in clause.values where !seen.contains(value.lowercased()) {
                        seen.append(value.lowercased()); out.append((value, "named \(value)"))
                    }
                }
            }
            out.append((otherPCR, "none of those"))
            return out
        }
        let pcr0s = candidates(allowed: subject.allowedPCR0, keys: [ConditionKey.imageSha384, pcr0Key])
        let signed = subject.allowedPCR8 != nil || mentioned[pcr8Key] != nil
        let pcr8s: [(String, String)?] = signed ? candidates(allowed: subject.allowedPCR8 ?? [], keys: [pcr8Key]) : [nil]
        var values: [Value] = [.absent]
        var labels = ["no attestation"]
        for (pcr0, label0) in pcr0s {
            for pcr8 in pcr8s {
                values.append(.attestation(pcr0: pcr0, pcr8: pcr8?.0))
                labels.append("PCR0 \(label0)" + (pcr8.map { ", PCR8 \($0.1)" } ?? ""))
            }
        }
        return ConditionDimension(kind: .attestation, values: values, labels: labels)
    }

    /// Absent, each literal value, a string each wildcard pattern matches, and one value matching none.
    private static func generic(key: String, clauses: [ConditionClause], other: String) -> ConditionDimension {
        var values: [Value] = [.absent]
        var labels = ["absent"]
        func add(_ value: String, _ label: String) {
            guard !values.contains(.value(value)) else { return }
            values.append(.value(value)); labels.append(label)
        }
        for clause in clauses where clause.op.base != .null {
            for value in clause.values {
                add(value, value)
                if value.contains("*") || value.contains("?") {
                    let witness = value.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "?", with: "x")
                    add(witness, "like \(value)")
                }
            }
        }
        add(other, "other")
        return ConditionDimension(kind: .key(key), displayName: clauses.first?.keyAsWritten, values: values, labels: labels)
    }
}
