/// A unified diff of one file (`diff -u` format, three lines of context), from a longest-common-subsequence
/// line alignment. Generated files are small, so the quadratic table is fine.
struct UnifiedDiff {
    let text: String

    init(old: String?, new: String?, path: String) {
        let a = old.map(Self.lines) ?? []
        let b = new.map(Self.lines) ?? []
        let operations = Self.align(a, b)
        var groups: [[Int]] = []
        for index in operations.indices where operations[index].kind != " " {
            if let last = groups.last?.last, index - last <= 7 {
                groups[groups.count - 1].append(index)
            } else {
                groups.append([index])
            }
        }
        var hunks = ""
        for group in groups {
            let slice = operations[max(0, group.first! - 3)..<min(operations.count, group.last! + 4)]
            let oldStart = slice.first!.oldLine
            let newStart = slice.first!.newLine
            let oldCount = slice.filter { $0.kind != "+" }.count
            let newCount = slice.filter { $0.kind != "-" }.count
            hunks += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for operation in slice { hunks += "\(operation.kind)\(operation.text)\n" }
        }
        text = hunks.isEmpty ? "" : "--- \(old == nil ? "/dev/null" : "a/" + path)\n+++ \(new == nil ? "/dev/null" : "b/" + path)\n" + hunks
    }

    private struct Operation {
        var kind: Character
        var text: Substring
        /// 0-based line numbers before this operation, in the old and new file.
        var oldLine: Int
        var newLine: Int
    }

    private static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func align(_ a: [Substring], _ b: [Substring]) -> [Operation] {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var operations: [Operation] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                operations.append(Operation(kind: " ", text: a[i], oldLine: i, newLine: j)); i += 1; j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                operations.append(Operation(kind: "+", text: b[j], oldLine: i, newLine: j)); j += 1
            } else {
                operations.append(Operation(kind: "-", text: a[i], oldLine: i, newLine: j)); i += 1
            }
        }
        return operations
    }
}
