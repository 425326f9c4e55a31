/// What `generate` would change in an output folder: files added, changed and deleted, with a unified
/// diff of each, like `terraform plan` for the generated files.
public struct OutputPlan: Sendable, Equatable {
    public var added: [String]
    public var changed: [String]
    public var deleted: [String]
    /// Unified diff of every change, `--- a/PATH` / `+++ b/PATH` headers, three lines of context.
    public var diff: String

    public var hasChanges: Bool { !(added.isEmpty && changed.isEmpty && deleted.isEmpty) }

    /// Compares the files `generate` would write with those in the folder now. The operator's files
    /// (`OutputFolder.isOperatorOwned`: state, `.terraform/`, overrides) never count as deleted.
    public init(current: [String: String], generated: [GeneratedFile]) {
        let wanted = Dictionary(uniqueKeysWithValues: generated.map { ($0.path, $0.contents) })
        added = wanted.keys.filter { current[$0] == nil }.sorted()
        changed = wanted.keys.filter { current[$0] != nil && current[$0] != wanted[$0] }.sorted()
        deleted = current.keys.filter { wanted[$0] == nil && !OutputFolder.isOperatorOwned($0) }.sorted()
        var diff = ""
        for path in (added + changed + deleted).sorted() {
            diff += UnifiedDiff(old: current[path], new: wanted[path], path: path).text
        }
        self.diff = diff
    }
}
