/// A root filesystem being assembled for the customer ramdisk: paths (relative, no leading `/`) to
/// entries. Layers are applied in order with OCI whiteouts; entries come out sorted by path bytes, so the
/// archive does not depend on the order files were found in.
public struct RootFilesystem: Sendable {
    private var entries: [String: CPIOEntry] = [:]

    public init() {}

    public var sortedEntries: [CPIOEntry] {
        entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { entries[$0]! }
    }

    public subscript(path: String) -> CPIOEntry? { entries[path] }

    /// Adds or replaces an entry. A non-directory replaces a directory with everything under it; a
    /// directory over a directory keeps the children. Missing parents are created (0755, root).
    public mutating func insert(_ entry: CPIOEntry) {
        if let existing = entries[entry.path], existing.kind == .directory, entry.kind != .directory {
            removeTree(entry.path)
        }
        var parent = Self.parent(of: entry.path)
        while let directory = parent {
            if let existing = entries[directory] {
                if existing.kind == .directory { break }
                entries[directory] = nil
            }
            entries[directory] = CPIOEntry(path: directory, kind: .directory, permissions: 0o755)
            parent = Self.parent(of: directory)
        }
        entries[entry.path] = entry
    }

    /// Removes `path` and everything under it (a `.wh.<name>` whiteout).
    public mutating func removeTree(_ path: String) {
        entries[path] = nil
        removeChildren(of: path)
    }

    /// Removes everything under `path` but keeps it (a `.wh..wh..opq` opaque whiteout).
    public mutating func removeChildren(of path: String) {
        let prefix = path.isEmpty ? "" : path + "/"
        for key in entries.keys where key.hasPrefix(prefix) && key != path { entries[key] = nil }
    }

    static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// A path from an archive made relative and clean: no leading `/` or `./`, no trailing `/`, no `.`
    /// components. Returns nil for the root itself; throws on `..`, which could escape the root.
    static func normalize(_ raw: String, source: String) throws -> String? {
        var parts: [Substring] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { throw EIFInputError("\(source): path \"\(raw)\" contains \"..\"") }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The link target of a hard link as linuxkit writes it: a symlink relative to the link's directory
    /// (`filepath.Rel(dir(name), target)`).
    static func relativeTarget(from path: String, to target: String) -> String {
        let fromParts = (parent(of: path) ?? "").split(separator: "/")
        let toParts = target.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < toParts.count, fromParts[common] == toParts[common] { common += 1 }
        let up = Array(repeating: "..", count: fromParts.count - common)
        let down = toParts[common...].map(String.init)
        let joined = (up + down).joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}
