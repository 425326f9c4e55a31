/// The fields of a mapping and the rules between them that the JSON Schema can also express.
public struct ObjectShape: Sendable {
    public let fields: [FieldDescription]
    /// Groups of keys of which exactly one must be set (e.g. `oidc` or `apiKeys`).
    public let exactlyOneOf: [[String]]
    /// Keys required or forbidden when a sibling has a given value.
    public let conditions: [FieldCondition]

    public init(_ fields: [FieldDescription], exactlyOneOf: [[String]] = [], conditions: [FieldCondition] = []) {
        self.fields = fields
        self.exactlyOneOf = exactlyOneOf
        self.conditions = conditions
    }

    /// The field named `name`, if any.
    public func field(_ name: String) -> FieldDescription? {
        fields.first { $0.name == name }
    }
}

/// "When `field` is `equals`, `require` must be set and `forbid` must not be."
public struct FieldCondition: Sendable {
    public let field: String
    public let equals: String
    public let require: [String]
    public let forbid: [String]

    public init(when field: String, equals: String, require: [String] = [], forbid: [String] = []) {
        self.field = field
        self.equals = equals
        self.require = require
        self.forbid = forbid
    }
}
