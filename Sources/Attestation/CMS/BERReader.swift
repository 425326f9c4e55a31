import SwiftASN1

/// Small typed reads over SwiftASN1's BER nodes, each failure naming the element's path.
struct BERReader {
    /// Nesting of constructed OCTET STRING chunks we accept before calling the input hostile.
    static let maxChunkDepth = 8

    static func children(_ node: ASN1Node, _ field: String, tag: ASN1Identifier = .sequence) throws(CMSError) -> [ASN1Node] {
        guard node.identifier == tag else { throw CMSError(field, "has tag \(node.identifier), expected \(tag)") }
        guard case .constructed(let collection) = node.content else { throw CMSError(field, "is not constructed") }
        return Array(collection)
    }

    static func objectIdentifier(_ node: ASN1Node, _ field: String) throws(CMSError) -> ASN1ObjectIdentifier {
        do { return try ASN1ObjectIdentifier(derEncoded: node) } catch { throw CMSError(field, "is not an OBJECT IDENTIFIER") }
    }

    static func integer(_ node: ASN1Node, _ field: String) throws(CMSError) -> Int {
        do { return try Int(derEncoded: node) } catch { throw CMSError(field, "is not a small INTEGER") }
    }

    /// The contents of an OCTET STRING (or an implicitly tagged one), primitive or constructed from chunks.
    static func octets(_ node: ASN1Node, _ field: String, tag: ASN1Identifier = .octetString) throws(CMSError) -> [UInt8] {
        guard node.identifier == tag else { throw CMSError(field, "has tag \(node.identifier), expected \(tag)") }
        var output: [UInt8] = []
        try appendOctets(node, field, depth: 0, to: &output)
        return output
    }

    private static func appendOctets(_ node: ASN1Node, _ field: String, depth: Int, to output: inout [UInt8]) throws(CMSError) {
        switch node.content {
        case .primitive(let bytes):
            output.append(contentsOf: bytes)
        case .constructed(let chunks):
            guard depth < maxChunkDepth else { throw CMSError(field, "nests OCTET STRING chunks too deeply") }
            for chunk in chunks {
                guard chunk.identifier == .octetString else { throw CMSError(field, "has a chunk with tag \(chunk.identifier)") }
                try appendOctets(chunk, field, depth: depth + 1, to: &output)
            }
        }
    }

    /// An AlgorithmIdentifier: its OID and optional parameters node (absent or NULL → nil).
    static func algorithm(_ node: ASN1Node, _ field: String) throws(CMSError) -> (ASN1ObjectIdentifier, ASN1Node?) {
        let parts = try children(node, field)
        guard (1...2).contains(parts.count) else { throw CMSError(field, "has \(parts.count) elements, expected 1 or 2") }
        let oid = try objectIdentifier(parts[0], "\(field).algorithm")
        guard parts.count == 2, parts[1].identifier != .null else { return (oid, nil) }
        return (oid, parts[1])
    }
}

extension ASN1Identifier {
    static func context(_ number: UInt) -> ASN1Identifier {
        ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific)
    }
}
