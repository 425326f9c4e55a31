import NitroFormats
import Yams

extension NodeChecker {
    /// Checks a mapping: unknown keys (with a "did you mean"), each field, required fields, exactly-one
    /// groups and conditions; then fills in defaults, including whole sections left out.
    mutating func checkObject(_ node: Node, shape: ObjectShape, at path: FieldPath) -> JSONValue? {
        let here = Self.location(node.mark) ?? sourceMap.key(path)
        guard case .mapping(let mapping) = node else {
            diagnostics.report(at: here, path: path, "\(path): expected a mapping, got \(ScalarText.describe(node))",
                               allowed: FieldKind.object(shape).allowed)
            return nil
        }
        if path == .root { sourceMap.record(path, key: nil, value: here) }
        var members: [String: JSONValue] = [:]
        var written: [String] = []
        for (keyNode, valueNode) in mapping {
            let keyLocation = Self.location(keyNode.mark) ?? here
            guard case .scalar(let keyScalar) = keyNode else {
                diagnostics.report(at: keyLocation, path: path, "\(path): a key is \(ScalarText.describe(keyNode))",
                                   allowed: "plain keys: " + shape.fields.map(\.name).joined(separator: ", "))
                continue
            }
            let key = keyScalar.string
            let fieldPath = path.appending(key)
            // A mapping's own mark is its first key's, which says less than the key that names it.
            let valueLocation = valueNode.mapping == nil ? Self.location(valueNode.mark) : nil
            sourceMap.record(fieldPath, key: keyLocation, value: valueLocation)
            guard let field = shape.field(key) else {
                reportUnknownKey(key, in: shape, at: fieldPath, location: keyLocation)
                continue
            }
            written.append(key)
            if let value = check(valueNode, as: field.kind, at: fieldPath) {
                members[key] = value
            }
        }
        for field in shape.fields where field.required && !written.contains(field.name) {
            diagnostics.report(at: sourceMap.key(path), path: path.appending(field.name),
                               "\(path.appending(field.name)): is required", allowed: field.kind.allowed)
        }
        checkExactlyOne(shape, written: written, at: path)
        for field in shape.fields where !written.contains(field.name) {
            if let value = Self.defaultValue(of: field) { members[field.name] = value }
        }
        checkConditions(shape, members: members, written: written, at: path)
        return .object(members)
    }

    private mutating func reportUnknownKey(_ key: String, in shape: ObjectShape, at path: FieldPath,
                                           location: SourceMap.Location) {
        let names = shape.fields.map(\.name)
        if let suggestion = EditDistance.suggestion(for: key, among: names) {
            diagnostics.report(at: location, path: path, "\(path): unknown key \"\(key)\" (did you mean \"\(suggestion)\"?)",
                               allowed: "keys here: " + names.joined(separator: ", "))
        } else {
            diagnostics.report(at: location, path: path, "\(path): unknown key \"\(key)\"",
                               allowed: "keys here: " + names.joined(separator: ", "))
        }
    }

    private mutating func checkExactlyOne(_ shape: ObjectShape, written: [String], at path: FieldPath) {
        for group in shape.exactlyOneOf {
            let present = written.filter(group.contains)
            let allowed = "exactly one of " + group.joined(separator: ", ")
            if present.isEmpty {
                diagnostics.report(at: sourceMap.key(path), path: path, "\(path): none of \(group.joined(separator: ", ")) is set",
                                   allowed: allowed)
            } else if present.count > 1 {
                diagnostics.report(at: sourceMap.key(path.appending(present[1])), path: path,
                                   "\(path): \(present.joined(separator: " and ")) are both set", allowed: allowed)
            }
        }
    }

    private mutating func checkConditions(_ shape: ObjectShape, members: [String: JSONValue], written: [String],
                                          at path: FieldPath) {
        for condition in shape.conditions where members[condition.field]?.stringValue == condition.equals {
            let trigger = path.appending(condition.field)
            let because = "when \(trigger) is \(condition.equals)"
            for name in condition.require where !written.contains(name) {
                let kind = shape.field(name).map(\.kind.allowed) ?? ""
                diagnostics.report(at: sourceMap.key(trigger), path: path.appending(name),
                                   "\(path.appending(name)): is required \(because)", allowed: kind)
            }
            for name in condition.forbid where written.contains(name) {
                let field = path.appending(name)
                diagnostics.report(at: sourceMap.key(field), path: field, "\(field): is not used \(because)",
                                   allowed: "remove it, or change \(trigger)")
            }
        }
    }

    /// The default of a field left out: its own default, or for a section, the defaults of its fields.
    static func defaultValue(of field: FieldDescription) -> JSONValue? {
        guard let value = field.defaultValue else { return nil }
        guard case .object(let shape) = field.kind, value == .object([:]) else { return value }
        var members: [String: JSONValue] = [:]
        for inner in shape.fields {
            if let innerValue = defaultValue(of: inner) { members[inner.name] = innerValue }
        }
        return .object(members)
    }
}
