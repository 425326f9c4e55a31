/// A parsed XML element: enough of XML for the responses of S3, STS and AWS error bodies
/// (elements, text, the five entities and numeric references, CDATA; attributes are skipped).
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var children: [XMLNode]
    public var text: String

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child element named `name`, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// Follows `path` through first children: `node["Credentials", "AccessKeyId"]`.
    public subscript(_ path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// Escapes text for use inside an element or attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Why a response body is not the XML we expected.
public struct XMLParseError: Error, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "XML: \(reason) at byte offset \(offset)" }
}
