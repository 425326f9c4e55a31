/// Where each key and value of a spec sits in its file, so that rules checked after decoding still
/// report a line and column.
struct SourceMap: Sendable {
    struct Location: Sendable, Hashable {
        let line: Int
        let column: Int
    }

    private var keys: [FieldPath: Location] = [:]
    private var values: [FieldPath: Location] = [:]

    mutating func record(_ path: FieldPath, key: Location?, value: Location?) {
        if let key { keys[path] = key }
        if let value { values[path] = value }
    }

    /// The location of a value: the value itself, else its key, else the nearest enclosing field's key.
    func value(_ path: FieldPath) -> Location {
        values[path] ?? key(path)
    }

    /// The location of a field's key, else of the nearest enclosing field that appears in the file.
    func key(_ path: FieldPath) -> Location {
        var current: FieldPath? = path
        while let candidate = current {
            if let location = keys[candidate] ?? values[candidate] { return location }
            current = candidate.parent
        }
        return Location(line: 1, column: 1)
    }

    /// Whether the field appears in the file (rather than coming from a default).
    func isWritten(_ path: FieldPath) -> Bool {
        keys[path] != nil || values[path] != nil
    }
}
