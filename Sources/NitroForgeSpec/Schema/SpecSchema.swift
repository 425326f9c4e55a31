import Foundation
import NitroFormats

/// The JSON Schema (draft 2020-12) of `nitroforge.yaml`, generated from `SpecDescription`.
/// It checks everything a field says about itself; `validate` also checks the rules between fields
/// that a schema cannot state (instance capacity, measurements, regions of ARNs).
public enum SpecSchema {
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema as a JSON value.
    public static func document() -> JSONValue {
        var schema = objectSchema(SpecDescription.root)
        schema["$schema"] = .string(dialect)
        schema["title"] = .string("nitroforge.yaml (apiVersion \(SpecDescription.apiVersion))")
        schema["description"] = .string("A nitroforge deployment spec. Reference: docs/spec-reference.md.")
        return .object(schema)
    }

    /// The schema as `nitroforge schema` prints it: sorted keys, two-space indentation, final newline.
    public static func text() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document())) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func fieldSchema(_ field: FieldDescription) -> JSONValue {
        var schema = kindSchema(field.kind)
        var description = field.summary
        if let computed = field.computedDefault { description += " Default: \(computed)." }
        schema["description"] = .string(description)
        if let value = field.defaultValue, value != .object([:]) { schema["default"] = value }
        return .object(schema)
    }

    private static func kindSchema(_ kind: FieldKind) -> [String: JSONValue] {
        switch kind {
        case .string(let format):
            var schema: [String: JSONValue] = ["type": .string("string")]
            if let format { schema["pattern"] = .string(format.pattern) }
            return schema
        case .integer(let minimum, let maximum):
            return ["type": .string("integer"), "minimum": .integer(minimum), "maximum": .integer(maximum)]
        case .boolean:
            return ["type": .string("boolean")]
        case .choice(let values):
            return ["type": .string("string"), "enum": .array(values.map(JSONValue.string))]
        case .object(let shape):
            return objectSchema(shape)
        case .list(let element, let minItems, let unique):
            var schema: [String: JSONValue] = ["type": .string("array"), "items": .object(kindSchema(element))]
            if minItems > 0 { schema["minItems"] = .integer(minItems) }
            if unique { schema["uniqueItems"] = .bool(true) }
            return schema
        case .stringMap(let keyFormat, let valueMaxLength, let maxEntries):
            return [
                "type": .string("object"),
                "propertyNames": .object(["pattern": .string(keyFormat.pattern)]),
                "additionalProperties": .object(["type": .string("string"), "maxLength": .integer(valueMaxLength)]),
                "maxProperties": .integer(maxEntries),
            ]
        case .choiceOrObject(let values, let shape):
            return ["oneOf": .array([
                .object(["type": .string("string"), "enum": .array(values.map(JSONValue.string))]),
                .object(objectSchema(shape)),
            ])]
        }
    }

    private static func objectSchema(_ shape: ObjectShape) -> [String: JSONValue] {
        var schema: [String: JSONValue] = [
            "type": .string("object"),
            "additionalProperties": .bool(false),
            "properties": .object(Dictionary(uniqueKeysWithValues: shape.fields.map { ($0.name, fieldSchema($0)) })),
        ]
        let required = shape.fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        var rules: [JSONValue] = shape.exactlyOneOf.map { group in
            .object(["oneOf": .array(group.map { .object(["required": .array([.string($0)])]) })])
        }
        rules += shape.conditions.map { condition(of: $0, in: shape) }
        if !rules.isEmpty { schema["allOf"] = .array(rules) }
        return schema
    }

    /// `if` the trigger has the value (or is absent and that value is its default) `then` require/forbid.
    private static func condition(of condition: FieldCondition, in shape: ObjectShape) -> JSONValue {
        var trigger: [String: JSONValue] = [
            "properties": .object([condition.field: .object(["const": .string(condition.equals)])]),
        ]
        if shape.field(condition.field)?.defaultValue != .string(condition.equals) {
            trigger["required"] = .array([.string(condition.field)])
        }
        var then: [String: JSONValue] = [:]
        if !condition.require.isEmpty { then["required"] = .array(condition.require.map(JSONValue.string)) }
        if !condition.forbid.isEmpty {
            then["properties"] = .object(Dictionary(uniqueKeysWithValues: condition.forbid.map { ($0, JSONValue.bool(false)) }))
        }
        return .object(["if": .object(trigger), "then": .object(then)])
    }
}
