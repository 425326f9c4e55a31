import Foundation

/// Lays out Terraform text the way `terraform fmt` does (HCL's `hclwrite` rules): two spaces per
/// open bracket level and the `=` of consecutive single-line attributes aligned. Templates stay readable and
/// an operator's edit to one cannot make the output fail `terraform fmt -check` through layout alone.
/// Runs of blank lines collapse to one, so optional template sections leave no gaps.
public enum HCLFormatter {
    public static func format(_ text: String) -> String {
        var lines: [Line] = []
        var indents: [Int] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = raw.trimmingCharacters(in: .whitespaces)
            if content.isEmpty {
                if let last = lines.last, !last.content.isEmpty { lines.append(Line(content: "", indent: 0)) }
                continue
            }
            let scan = Scan(content)
            var level = indents.count
            if scan.netBrackets > 0 {
                indents.append(scan.netBrackets)
            } else if scan.netBrackets < 0 {
                var closed = -scan.netBrackets
                while closed > 0, let top = indents.last {
                    if closed >= top { closed -= top; indents.removeLast() } else { indents[indents.count - 1] -= closed; closed = 0 }
                }
                level = indents.count
            }
            lines.append(Line(content: content, indent: 2 * level, assignAt: scan.assignIndex))
        }
        while lines.last?.content.isEmpty == true { lines.removeLast() }
        alignAssignments(&lines)
        return lines.map { String(repeating: " ", count: $0.indent) + $0.content }.joined(separator: "\n") + "\n"
    }

    private struct Line {
        var content: String
        var indent: Int
        var assignAt: String.Index?
    }

    private static func alignAssignments(_ lines: inout [Line]) {
        var start = 0
        while start < lines.count {
            guard lines[start].assignAt != nil else { start += 1; continue }
            var end = start
            while end < lines.count, lines[end].assignAt != nil { end += 1 }
            let leadWidth: (Line) -> Int = { line in
                line.indent + line.content[..<line.assignAt!].trimmingCharacters(in: .whitespaces).count
            }
            let widest = lines[start..<end].map(leadWidth).max() ?? 0
            for index in start..<end {
                let line = lines[index]
                let lead = line.content[..<line.assignAt!].trimmingCharacters(in: .whitespaces)
                let rest = line.content[line.assignAt!...]
                let padding = String(repeating: " ", count: widest - leadWidth(line) + 1)
                lines[index].content = lead + padding + rest
                lines[index].assignAt = nil
            }
            start = end
        }
    }

    /// What `hclwrite` sees in one line: bracket balance outside strings and comments, and where an
    /// attribute's `=` is when the value after it closes on the same line.
    private struct Scan {
        var netBrackets = 0
        var assignIndex: String.Index?

        init(_ line: String) {
            var inString = false
            var escaped = false
            var firstEquals: String.Index?
            var bracketsAfterEquals = 0
            var index = line.startIndex
            var previous: Character = " "
            while index < line.endIndex {
                let character = line[index]
                let next = line.index(after: index) < line.endIndex ? line[line.index(after: index)] : " "
                if inString {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                } else if character == "#" || (character == "/" && next == "/") {
                    break
                } else {
                    var change = 0
                    switch character {
                    case "\"": inString = true
                    case "{", "[", "(": change = 1
                    case "}", "]", ")": change = -1
                    case "=":
                        let isOperator = "=!<>".contains(previous) || next == "=" || next == ">"
                        if !isOperator, firstEquals == nil, index != line.startIndex { firstEquals = index }
                    default: break
                    }
                    netBrackets += change
                    if firstEquals != nil { bracketsAfterEquals += change }
                }
                previous = character
                index = line.index(after: index)
            }
            if let firstEquals, bracketsAfterEquals == 0 { assignIndex = firstEquals }
        }
    }
}
