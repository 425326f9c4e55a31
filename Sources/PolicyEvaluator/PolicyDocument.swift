import Foundation

/// A parsed policy: its statements as typed values. Parsing refuses, by name, anything it does not model.
public struct PolicyDocument: Hashable, Sendable {
    public static let version = "2012-10-17"
    public var statements: [PolicyStatement]

    public init(statements: [PolicyStatement]) {
        self.statements = statements
    }

    public init(json data: Data) throws {
        guard case .object(let fields) = try PolicyJSON.parse(data) else {
            throw PolicyError(.malformedJSON("the policy is not a JSON object"))
        }
        for name in fields.keys.sorted() where !["Version", "Id", "Statement"].contains(name) {
            throw PolicyError(.unsupportedElement(name))
        }
        guard case .string(let version)? = fields["Version"] else { throw PolicyError(.missingElement("Version")) }
        guard version == Self.version else { throw PolicyError(.unsupportedVersion(version)) }
        let list: [PolicyJSON]
        switch fields["Statement"] {
        case .array(let items)?: list = items
        case .object(let single)?: list = [.object(single)]
        case nil: throw PolicyError(.missingElement("Statement"))
        case let other?: throw PolicyError(.invalidValue(element: "Statement", value: other.brief))
        }
        statements = try list.enumerated().map { try PolicyStatement(json: $1, index: $0) }
    }

    public init(contentsOf url: URL) throws {
        try self.init(json: try Data(contentsOf: url))
    }
}
