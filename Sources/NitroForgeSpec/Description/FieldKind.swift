/// The type of a spec field, with everything needed to check a value and to describe it.
public indirect enum FieldKind: Sendable {
    /// Any string, or one matching `format`.
    case string(StringFormat?)
    /// A whole number in `minimum...maximum`.
    case integer(minimum: Int, maximum: Int)
    case boolean
    /// One of a fixed set of strings.
    case choice([String])
    /// A mapping with the given fields; no other keys.
    case object(ObjectShape)
    /// A sequence of `element`, with at least `minItems` items and no duplicates when `unique`.
    case list(FieldKind, minItems: Int, unique: Bool)
    /// A mapping of keys matching `keyFormat` to strings of at most `valueMaxLength` characters.
    case stringMap(keyFormat: StringFormat, valueMaxLength: Int, maxEntries: Int)
    /// One of a fixed set of words, or a mapping with the given fields (`tls: self-signed` or `tls: {certificateFile, ...}`).
    case choiceOrObject([String], ObjectShape)

    /// What a value of this kind may be, in words (the part after `;` in a message).
    public var allowed: String {
        switch self {
        case .string(let format):
            return format.map { "\($0.name): \($0.allowed)" } ?? "a string"
        case .integer(let minimum, let maximum):
            return "an integer from \(minimum) to \(maximum)"
        case .boolean:
            return "true or false"
        case .choice(let values):
            return "one of " + values.joined(separator: ", ")
        case .object(let shape):
            return "a mapping with keys " + shape.fields.map(\.name).joined(separator: ", ")
        case .list(let element, let minItems, _):
            let items = minItems > 0 ? "a list of at least \(minItems) item\(minItems == 1 ? "" : "s")" : "a list"
            return "\(items); each item: \(element.allowed)"
        case .stringMap(let keyFormat, let valueMaxLength, let maxEntries):
            return "a mapping of at most \(maxEntries) \(keyFormat.name)s (\(keyFormat.allowed)) "
                + "to strings of at most \(valueMaxLength) characters"
        case .choiceOrObject(let values, let shape):
            return "one of " + values.joined(separator: ", ") + ", or a mapping with keys "
                + shape.fields.map(\.name).joined(separator: ", ")
        }
    }

    /// The kind as a noun phrase, for "expected …, got …".
    public var noun: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "true or false"
        case .choice: return "a word"
        case .object, .stringMap: return "a mapping"
        case .list: return "a list"
        case .choiceOrObject: return "a word or a mapping"
        }
    }
}
