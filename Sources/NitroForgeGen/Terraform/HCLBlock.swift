/// A Terraform block (`variable "x" { ... }`) with its attributes and nested blocks, in the order given.
public struct HCLBlock: Sendable, Equatable {
    public enum Item: Sendable, Equatable {
        case attribute(String, HCLExpression)
        case block(HCLBlock)
    }

    public var type: String
    public var labels: [String]
    public var items: [Item]

    public init(_ type: String, _ labels: String..., items: [Item]) {
        self.type = type
        self.labels = labels
        self.items = items
    }

    /// The block as HCL text at `indent` spaces; a blank line separates attributes from a following block.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        let header = ([type] + labels.map(HCLExpression.quote)).joined(separator: " ")
        guard !items.isEmpty else { return pad + header + " {}" }
        var lines = [pad + header + " {"]
        var previousWasAttribute: Bool?
        for item in items {
            switch item {
            case .attribute(let name, let value):
                if previousWasAttribute == false { lines.append("") }
                lines.append(pad + "  " + name + " = " + value.rendered(indent: indent + 2))
                previousWasAttribute = true
            case .block(let block):
                if previousWasAttribute != nil { lines.append("") }
                lines.append(block.rendered(indent: indent + 2))
                previousWasAttribute = false
            }
        }
        lines.append(pad + "}")
        return lines.joined(separator: "\n")
    }
}
