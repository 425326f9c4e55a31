import NitroFormats
import Yams

/// Checks a YAML node tree against the description table: keys, types, formats, ranges, enumerations,
/// required fields and the rules of `ObjectShape`. It produces the spec as a `JSONValue` with defaults
/// filled in (invalid values left out) and a `SourceMap` of where everything is.
struct NodeChecker {
    var diagnostics: Diagnostics
    var sourceMap = SourceMap()

    init(file: String) {
        diagnostics = Diagnostics(file: file)
    }

    static func location(_ mark: Mark?) -> SourceMap.Location? {
        mark.map { SourceMap.Location(line: $0.line, column: $0.column) }
    }

    mutating func check(_ node: Node, as kind: FieldKind, at path: FieldPath) -> JSONValue? {
        let here = Self.location(node.mark) ?? sourceMap.key(path)
        if ScalarText.isNull(node) {
            diagnostics.report(at: here, path: path, "\(path): has no value", allowed: kind.allowed)
            return nil
        }
        switch kind {
        case .object(let shape):
            return checkObject(node, shape: shape, at: path)
        case .list(let element, let minItems, let unique):
            return checkList(node, element: element, minItems: minItems, unique: unique, kind: kind, at: path)
        case .stringMap(let keyFormat, let valueMaxLength, let maxEntries):
            return checkStringMap(node, keyFormat: keyFormat, valueMaxLength: valueMaxLength, maxEntries: maxEntries,
                                  kind: kind, at: path)
        case .choiceOrObject(let values, let shape):
            if case .mapping = node { return checkObject(node, shape: shape, at: path) }
            guard case .scalar(let scalar) = node else {
                diagnostics.report(at: here, path: path, "\(path): expected \(kind.noun), got \(ScalarText.describe(node))",
                                   allowed: kind.allowed)
                return nil
            }
            return checkScalar(scalar, kind: .choice(values), at: path, location: here, allowed: kind.allowed)
        case .string, .integer, .boolean, .choice:
            guard case .scalar(let scalar) = node else {
                diagnostics.report(at: here, path: path, "\(path): expected \(kind.noun), got \(ScalarText.describe(node))",
                                   allowed: kind.allowed)
                return nil
            }
            return checkScalar(scalar, kind: kind, at: path, location: here)
        }
    }

    /// Checks a scalar against `kind`; `allowed` replaces the kind's own words (a word of `choiceOrObject`
    /// may also be a mapping).
    private mutating func checkScalar(_ scalar: Node.Scalar, kind: FieldKind, at path: FieldPath,
                                      location: SourceMap.Location, allowed: String? = nil) -> JSONValue? {
        let text = scalar.string
        switch kind {
        case .string(let format):
            if scalar.style == .plain, ScalarText.readsAsNonString(text) {
                diagnostics.report(at: location, path: path, "\(path): \(text) reads as a number or boolean, not a string",
                                   allowed: "the same value in quotes, e.g. \"\(text)\"")
                return nil
            }
            if let format, !format.matches(text) {
                diagnostics.report(at: location, path: path, "\(path): \"\(text)\" is not a valid \(format.name)",
                                   allowed: kind.allowed)
                return nil
            }
            return .string(text)
        case .integer(let minimum, let maximum):
            guard scalar.style == .plain, let value = Int(text) else {
                diagnostics.report(at: location, path: path, "\(path): expected an integer, got \(ScalarText.describe(scalar))",
                                   allowed: kind.allowed)
                return nil
            }
            if value < minimum || value > maximum {
                let side = value < minimum ? "below the minimum \(minimum)" : "above the maximum \(maximum)"
                diagnostics.report(at: location, path: path, "\(path): \(value) is \(side)", allowed: kind.allowed)
                return nil
            }
            return .integer(value)
        case .boolean:
            guard scalar.style == .plain, let value = ScalarText.bool(text) else {
                diagnostics.report(at: location, path: path, "\(path): expected true or false, got \(ScalarText.describe(scalar))",
                                   allowed: kind.allowed)
                return nil
            }
            return .bool(value)
        case .choice(let values):
            guard values.contains(text) else {
                let hint = EditDistance.suggestion(for: text, among: values).map { " (did you mean \"\($0)\"?)" } ?? ""
                diagnostics.report(at: location, path: path, "\(path): \"\(text)\" is not allowed\(hint)",
                                   allowed: allowed ?? kind.allowed)
                return nil
            }
            return .string(text)
        case .object, .list, .stringMap, .choiceOrObject:
            return nil
        }
    }

    private mutating func checkList(_ node: Node, element: FieldKind, minItems: Int, unique: Bool, kind: FieldKind,
                                    at path: FieldPath) -> JSONValue? {
        let here = Self.location(node.mark) ?? sourceMap.key(path)
        guard case .sequence(let sequence) = node else {
            diagnostics.report(at: here, path: path, "\(path): expected a list, got \(ScalarText.describe(node))", allowed: kind.allowed)
            return nil
        }
        if sequence.count < minItems {
            diagnostics.report(at: here, path: path, "\(path): has \(sequence.count) items, needs at least \(minItems)",
                               allowed: kind.allowed)
            return nil
        }
        var items: [JSONValue] = []
        var valid = true
        for (index, item) in sequence.enumerated() {
            let itemPath = path.appending(index: index)
            sourceMap.record(itemPath, key: nil, value: Self.location(item.mark))
            guard let value = check(item, as: element, at: itemPath) else {
                valid = false
                continue
            }
            if unique, items.contains(value) {
                diagnostics.report(at: sourceMap.value(itemPath), path: itemPath, "\(itemPath): repeats an earlier item",
                                   allowed: "each item once")
                valid = false
            }
            items.append(value)
        }
        return valid ? .array(items) : nil
    }

    private mutating func checkStringMap(_ node: Node, keyFormat: StringFormat, valueMaxLength: Int, maxEntries: Int,
                                         kind: FieldKind, at path: FieldPath) -> JSONValue? {
        let here = Self.location(node.mark) ?? sourceMap.key(path)
        guard case .mapping(let mapping) = node else {
            diagnostics.report(at: here, path: path, "\(path): expected a mapping, got \(ScalarText.describe(node))",
                               allowed: kind.allowed)
            return nil
        }
        if mapping.count > maxEntries {
            diagnostics.report(at: here, path: path, "\(path): has \(mapping.count) entries", allowed: kind.allowed)
            return nil
        }
        var members: [String: JSONValue] = [:]
        var valid = true
        for (keyNode, valueNode) in mapping {
            let key = keyNode.scalar?.string ?? ""
            let entryPath = path.appending(key)
            sourceMap.record(entryPath, key: Self.location(keyNode.mark), value: Self.location(valueNode.mark))
            guard keyFormat.matches(key) else {
                diagnostics.report(at: sourceMap.key(entryPath), path: entryPath,
                                   "\(path): \"\(key)\" is not a valid \(keyFormat.name)", allowed: keyFormat.allowed)
                valid = false
                continue
            }
            guard case .scalar(let scalar) = valueNode, !ScalarText.isNull(valueNode), scalar.string.count <= valueMaxLength else {
                diagnostics.report(at: sourceMap.value(entryPath), path: entryPath,
                                   "\(entryPath): expected a string of at most \(valueMaxLength) characters", allowed: kind.allowed)
                valid = false
                continue
            }
            members[key] = .string(scalar.string)
        }
        return valid ? .object(members) : nil
    }
}
