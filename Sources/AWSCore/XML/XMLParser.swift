/// A small non-validating XML parser producing `XMLNode` trees. Namespaces are kept as written
/// in names with prefixes removed, so `<s3:Key>` and `<Key>` both read as `Key`.
public struct AWSXMLParser {
    private let bytes: [UInt8]
    private var index = 0

    public static func parse(_ bytes: [UInt8]) throws -> XMLNode {
        var parser = AWSXMLParser(bytes: bytes)
        return try parser.document()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func document() throws -> XMLNode {
        while true {
            skipWhitespace()
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<!") {
                try skip(past: ">")
            } else if starts("<") {
                return try element()
            } else {
                throw error("expected an element")
            }
        }
    }

    private mutating func element() throws -> XMLNode {
        index += 1
        let name = readName()
        guard !name.isEmpty else { throw error("expected an element name") }
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
            if bytes[index] == UInt8(ascii: "/"), starts("/>") {
                index += 2
                return XMLNode(name: localName(name), children: [], text: "")
            }
            if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                index += 1
                while index < bytes.count, bytes[index] != quote { index += 1 }
            }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated start tag <\(name)>") }
        index += 1
        var node = XMLNode(name: localName(name), children: [], text: "")
        var text: [UInt8] = []
        while index < bytes.count {
            if starts("</") {
                index += 2
                let closing = readName()
                guard closing == name else { throw error("</\(closing)> closes <\(name)>") }
                try skip(past: ">")
                node.text = String(decoding: text, as: UTF8.self)
                return node
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                text += bytes[start..<(index - 3)]
            } else if starts("<") {
                node.children.append(try element())
            } else if bytes[index] == UInt8(ascii: "&") {
                text += try entity()
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        throw error("unterminated element <\(name)>")
    }

    private mutating func entity() throws -> [UInt8] {
        let start = index
        guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ";")), end - start < 12 else {
            throw error("unterminated entity")
        }
        let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        index = end + 1
        switch name {
        case "amp": return Array("&".utf8)
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default:
            let scalar: UInt32?
            if name.hasPrefix("#x") {
                scalar = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst(), radix: 10)
            } else {
                scalar = nil
            }
            guard let value = scalar.flatMap(Unicode.Scalar.init) else { index = start; throw error("unknown entity &\(name);") }
            return Array(String(Character(value)).utf8)
        }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, !" \t\r\n/>=".utf8.contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    private func starts(_ prefix: String) -> Bool {
        let prefixBytes = Array(prefix.utf8)
        return bytes.count - index >= prefixBytes.count && Array(bytes[index..<(index + prefixBytes.count)]) == prefixBytes
    }

    private mutating func skip(past terminator: String) throws {
        while index < bytes.count {
            if starts(terminator) {
                index += terminator.utf8.count
                return
            }
            index += 1
        }
        throw error("missing \(terminator)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, " \t\r\n".utf8.contains(bytes[index]) { index += 1 }
    }

    private func error(_ reason: String) -> XMLParseError {
        XMLParseError(offset: index, reason: reason)
    }
}
