import NitroFormats

/// One field of the spec: the single description from which the validator's messages, the JSON Schema
/// and `docs/spec-reference.md` are all produced.
public struct FieldDescription: Sendable {
    public let name: String
    public let kind: FieldKind
    public let required: Bool
    /// The value used when the field is absent (nil: no default, the field stays unset).
    public let defaultValue: JSONValue?
    /// What the field means, for the reference and the schema's `description`.
    public let summary: String
    /// Words for a default computed from other fields (e.g. the visibility timeout), shown in the reference.
    public let computedDefault: String?

    public init(
        _ name: String,
        _ kind: FieldKind,
        required: Bool = false,
        default defaultValue: JSONValue? = nil,
        computedDefault: String? = nil,
        _ summary: String
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
        self.computedDefault = computedDefault
    }

    /// A mapping field that is present with its own defaults even when the user leaves it out.
    static func section(_ name: String, required: Bool = false, _ shape: ObjectShape, _ summary: String) -> FieldDescription {
        FieldDescription(name, .object(shape), required: required, default: required ? nil : .object([:]), summary)
    }
}
