import NitroForgeSpec
import NitroFormats

/// An IAM, key, bucket or queue policy as a typed value. The same value is rendered into Terraform
/// (`jsonencode` of an HCL object, with references to the resources) and into `policies/*.json` for review
/// and linting, so the two can never disagree on a statement.
public struct PolicyDocument: Sendable, Equatable {
    public var statements: [PolicyStatement]

    public init(_ statements: [PolicyStatement]) {
        self.statements = statements
    }

    /// The review copy: placeholders for values that exist only after apply.
    public var json: OrderedJSON {
        .object([
            ("Version", .string("2012-10-17")),
            ("Statement", .array(statements.map(Self.json))),
        ])
    }

    /// The Terraform copy: `jsonencode({ ... })` referring to resources and variables.
    public var terraform: HCLExpression {
        .call("jsonencode", [.object([
            ("Version", .string("2012-10-17")),
            ("Statement", .list(statements.map(Self.terraform))),
        ])])
    }

    private static func json(_ statement: PolicyStatement) -> OrderedJSON {
        var entries: [(key: String, value: OrderedJSON)] = [("Sid", .string(statement.sid)), ("Effect", .string(statement.effect.rawValue))]
        if let principal = statement.principal {
            switch principal {
            case .aws(let values): entries.append(("Principal", .object([("AWS", oneOrMany(values.map(\.review)))])))
            case .service(let names): entries.append(("Principal", .object([("Service", oneOrMany(names))])))
            case .everyone: entries.append(("Principal", .object([("AWS", .string("*"))])))
            }
        }
        entries.append(("Action", .array(statement.actions.map(OrderedJSON.string))))
        if !statement.resources.isEmpty { entries.append(("Resource", oneOrMany(statement.resources.map(\.review)))) }
        if !statement.conditions.isEmpty {
            entries.append(("Condition", .object(grouped(statement.conditions).map { test, conditions in
                (test.rawValue, .object(conditions.map { ($0.key.rawValue, oneOrMany($0.values.review)) }))
            })))
        }
        return .object(entries)
    }

    private static func terraform(_ statement: PolicyStatement) -> HCLExpression {
        var entries: [(key: String, value: HCLExpression)] = [("Sid", .string(statement.sid)), ("Effect", .string(statement.effect.rawValue))]
        if let principal = statement.principal {
            switch principal {
            case .aws(let values): entries.append(("Principal", .object([("AWS", oneOrMany(values.map(\.terraform)))])))
            case .service(let names): entries.append(("Principal", .object([("Service", oneOrMany(names.map(HCLExpression.string)))])))
            case .everyone: entries.append(("Principal", .object([("AWS", .string("*"))])))
            }
        }
        entries.append(("Action", .list(statement.actions.map(HCLExpression.string))))
        if !statement.resources.isEmpty { entries.append(("Resource", oneOrMany(statement.resources.map(\.terraform)))) }
        if !statement.conditions.isEmpty {
            entries.append(("Condition", .object(grouped(statement.conditions).map { test, conditions in
                (test.rawValue, .object(conditions.map { ($0.key.rawValue, $0.values.terraform) }))
            })))
        }
        return .object(entries)
    }

    /// Conditions under one operator share one JSON object; operators keep the order they first appear in.
    private static func grouped(_ conditions: [PolicyCondition]) -> [(PolicyCondition.Operator, [PolicyCondition])] {
        var order: [PolicyCondition.Operator] = []
        var byOperator: [PolicyCondition.Operator: [PolicyCondition]] = [:]
        for condition in conditions {
            if byOperator[condition.test] == nil { order.append(condition.test) }
            byOperator[condition.test, default: []].append(condition)
        }
        return order.map { ($0, byOperator[$0]!) }
    }

    private static func oneOrMany(_ values: [String]) -> OrderedJSON {
        values.count == 1 ? .string(values[0]) : .array(values.map(OrderedJSON.string))
    }

    private static func oneOrMany(_ values: [HCLExpression]) -> HCLExpression {
        values.count == 1 ? values[0] : .list(values)
    }
}
