import NitroFormats

/// Reads the checked spec tree. The checker has already reported every missing or invalid value, so a
/// reader falls back to an empty value instead of failing: the typed model is built even from a spec
/// with mistakes, and the cross-field rules skip the fields already reported.
struct ValueReader {
    let value: JSONValue

    subscript(_ key: String) -> ValueReader {
        ValueReader(value: value[key] ?? .null)
    }

    var isPresent: Bool {
        if case .null = value { return false }
        return true
    }

    func string(_ key: String) -> String {
        value[key]?.stringValue ?? ""
    }

    func optionalString(_ key: String) -> String? {
        value[key]?.stringValue
    }

    func int(_ key: String) -> Int {
        value[key]?.intValue ?? 0
    }

    func optionalInt(_ key: String) -> Int? {
        value[key]?.intValue
    }

    func bool(_ key: String) -> Bool {
        value[key]?.boolValue ?? false
    }

    func strings(_ key: String) -> [String] {
        (value[key]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// A list of strings, or nil when the key is absent (an optional argv, unlike an empty list).
    func optionalStrings(_ key: String) -> [String]? {
        value[key]?.arrayValue?.compactMap(\.stringValue)
    }

    func list(_ key: String) -> [ValueReader] {
        (value[key]?.arrayValue ?? []).map(ValueReader.init(value:))
    }

    func choice<Choice: RawRepresentable>(_ key: String, or fallback: Choice) -> Choice where Choice.RawValue == String {
        value[key]?.stringValue.flatMap(Choice.init(rawValue:)) ?? fallback
    }
}
