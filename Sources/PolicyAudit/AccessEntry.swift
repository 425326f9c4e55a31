import Foundation
import PolicyEvaluator

/// One row of a key's table: who may do what, under which conditions, by which statements.
public struct AccessEntry: Sendable, Codable, Hashable {
    public let principal: String
    public let actions: [String]
    /// `allowed`, or `allowed if <account>'s IAM policies allow`.
    public let access: String
    /// The condition classes in which the request is allowed, as a conjunction when they form one.
    public let when: String
    public let statements: [String]
    /// How many of the row's condition classes are allowed, out of all of them.
    public let allowedClasses: Int
    public let conditionClasses: Int

    static func entries(_ evaluation: KeyEvaluation) -> [AccessEntry] {
        var rows: [AccessEntry] = []
        let stateCount = evaluation.states.count
        for p in evaluation.principals.indices {
            for a in evaluation.actions.indices {
                var groups: [String: (states: [Int], statements: Set<String>)] = [:]
                var order: [String] = []
                for s in 0..<stateCount {
                    let decision = evaluation.decision(principal: p, action: a, state: s)
                    let access: String, by: [StatementID]
                    switch decision {
                    case .allow(let ids): access = "allowed"; by = ids
                    case .allowIfAccountAllows(let account, let ids): access = "allowed if \(account)'s IAM policies allow"; by = ids
                    case .explicitDeny, .implicitDeny: continue
                    }
                    if groups[access] == nil { order.append(access) }
                    groups[access, default: ([], [])].states.append(s)
                    groups[access]?.statements.formUnion(by.map(\.description))
                }
                for access in order {
                    guard let group = groups[access] else { continue }
                    rows.append(AccessEntry(
                        principal: evaluation.principals[p].label, actions: evaluation.actions[a].label.components(separatedBy: ", "),
                        access: access, when: summary(group.states, evaluation), statements: group.statements.sorted(),
                        allowedClasses: group.states.count, conditionClasses: stateCount
                    ))
                }
            }
        }
        return merged(rows)
    }

    /// Rows that differ only in their actions become one row.
    private static func merged(_ rows: [AccessEntry]) -> [AccessEntry] {
        var out: [AccessEntry] = []
        for row in rows {
            if let i = out.firstIndex(where: {
                $0.principal == row.principal && $0.access == row.access && $0.when == row.when && $0.statements == row.statements
                    && $0.allowedClasses == row.allowedClasses
            }) {
                let first = out[i]
                out[i] = AccessEntry(
                    principal: first.principal, actions: first.actions + row.actions, access: first.access, when: first.when,
                    statements: first.statements, allowedClasses: first.allowedClasses, conditionClasses: first.conditionClasses
                )
            } else {
                out.append(row)
            }
        }
        return out
    }

    /// "always", a conjunction of the dimensions that matter, or (when the allowed set is not a product)
    /// the allowed combinations joined by "or".
    static func summary(_ allowed: [Int], _ evaluation: KeyEvaluation) -> String {
        let dimensions = evaluation.dimensions
        if allowed.count == evaluation.states.count { return "always" }
        let chosen = allowed.map { evaluation.states[$0].choices }
        var projections = Array(repeating: Set<Int>(), count: dimensions.count)
        for choices in chosen { for (d, c) in choices.enumerated() { projections[d].insert(c) } }
        let product = projections.reduce(1) { $0 * $1.count }
        func clause(_ d: Int, _ values: Set<Int>) -> String? {
            guard values.count < dimensions[d].values.count else { return nil }
            let labels = values.sorted().map { dimensions[d].labels[$0] }
            return labels.count == 1 ? "\(dimensions[d].name) = \(labels[0])" : "\(dimensions[d].name) in {\(labels.joined(separator: "; "))}"
        }
        if product == allowed.count {
            return projections.enumerated().compactMap { clause($0.offset, $0.element) }.joined(separator: " and ")
        }
        let varying = projections.indices.filter { projections[$0].count < dimensions[$0].values.count }
        return chosen.map { choices in
            "(" + varying.map { "\(dimensions[$0].name) = \(dimensions[$0].labels[choices[$0]])" }.joined(separator: ", ") + ")"
        }.joined(separator: " or ")
    }
}
