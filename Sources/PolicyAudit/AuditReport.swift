import Foundation

/// The audit of one output folder: a table per key and every broken invariant, by name.
public struct AuditReport: Sendable, Codable, Hashable {
    public let subject: AuditSubject
    public let keys: [KeyAuditResult]

    public var violations: [InvariantViolation] { keys.flatMap(\.violations) }
    /// The CLI exits 2 when this is false, and `generate` writes nothing.
    public var passed: Bool { violations.isEmpty }

    public func jsonData() throws -> Data {
        struct Document: Encodable {
            let passed: Bool
            let report: AuditReport
            let violations: [InvariantViolation]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(passed: passed, report: self, violations: violations))
    }

    /// The tables as text, one per key, then the verdict.
    public func text() -> String {
        var lines: [String] = []
        for key in keys {
            let counts = PolicyVariant.allCases.compactMap { v in key.classesEvaluated[v.rawValue].map { "\($0) \(v.rawValue)" } }
            lines.append("== \(key.key.fileName): \(key.totalClassesEvaluated) request classes evaluated (\(counts.joined(separator: ", ")))")
            for entry in key.access {
                lines.append("- \(entry.principal)")
                lines.append("    may \(entry.actions.joined(separator: ", "))")
                let when = entry.when == "always" ? "always" : "when \(entry.when)"
                lines.append("    \(entry.access) \(when) [\(entry.statements.joined(separator: ", "))]")
            }
            if key.access.isEmpty { lines.append("- nobody may do anything") }
        }
        if passed {
            lines.append("all invariants hold")
        } else {
            lines.append("broken invariants:")
            lines += violations.map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
