import NIOCore

/// The encryption context: non-secret key-value pairs bound to a message as authenticated data.
public typealias EncryptionContext = [String: String]

/// The specification's serialization of an encryption context (`data-format/message-header.md`,
/// "Key Value Pairs"): a count, then pairs sorted by the UTF-8 bytes of their keys, each string prefixed
/// with its uint16 length. The empty context serializes to no bytes at all.
enum EncryptionContextCoding {
    /// Keys beginning with this prefix are reserved for the SDK (`aws-crypto-public-key`).
    static let reservedPrefix = "aws-crypto-"
    static let publicKeyKey = "aws-crypto-public-key"

    static func serialize(_ context: EncryptionContext) throws -> [UInt8] {
        guard !context.isEmpty else { return [] }
        guard context.count <= Int(UInt16.max) else {
            throw EnvelopeError(.encryptionContext, "\(context.count) pairs is more than the 65535 allowed")
        }
        let pairs = context.map { (key: Array($0.key.utf8), value: Array($0.value.utf8)) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt16(pairs.count))
        for pair in pairs {
            guard pair.key.count <= Int(UInt16.max), pair.value.count <= Int(UInt16.max) else {
                throw EnvelopeError(.encryptionContext, "the pair for key \"\(String(decoding: pair.key.prefix(64), as: UTF8.self))\" is longer than 65535 bytes")
            }
            buffer.writeShortBytes(pair.key)
            buffer.writeShortBytes(pair.value)
        }
        guard buffer.readableBytes <= Int(UInt16.max) else {
            throw EnvelopeError(.encryptionContext, "the serialized context is \(buffer.readableBytes) bytes, more than 65535")
        }
        return Array(buffer.readableBytesView)
    }

    /// Parses `length` bytes of a serialized context, rejecting duplicate keys and invalid UTF-8.
    static func parse(_ reader: inout MessageReader, length: Int) throws -> EncryptionContext {
        guard length > 0 else { return [:] }
        let start = reader.offset
        var section = MessageReader(try reader.slice(length), offset: start)
        do {
            let count = Int(try section.integer(as: UInt16.self))
            guard count > 0 else {
                throw EnvelopeError(.malformedMessage, "encryption context has a count of 0 but \(length) bytes", offset: start)
            }
            var context = EncryptionContext()
            for _ in 0..<count {
                let at = section.offset
                let key = try utf8(try section.shortBytes(), field: "encryption context key", offset: at)
                let value = try utf8(try section.shortBytes(), field: "encryption context value for \"\(key)\"", offset: at)
                guard context.updateValue(value, forKey: key) == nil else {
                    throw EnvelopeError(.malformedMessage, "duplicate encryption context key \"\(key)\"", offset: at)
                }
            }
            guard section.buffer.readableBytes == 0 else {
                throw EnvelopeError(.malformedMessage, "\(section.buffer.readableBytes) bytes after the last encryption context pair", offset: section.offset)
            }
            return context
        } catch is MessageReader.Incomplete {
            throw EnvelopeError(.malformedMessage, "encryption context pairs run past its length of \(length) bytes", offset: start)
        }
    }

    private static func utf8(_ bytes: [UInt8], field: String, offset: Int) throws -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw EnvelopeError(.malformedMessage, "\(field) is not valid UTF-8", offset: offset)
        }
        return string
    }

    /// Rejects caller-supplied keys in the reserved `aws-crypto-` namespace.
    static func checkNoReservedKeys(_ context: EncryptionContext) throws {
        if let key = context.keys.first(where: { $0.hasPrefix(reservedPrefix) }) {
            throw EnvelopeError(.encryptionContext, "key \"\(key)\" uses the reserved prefix \"\(reservedPrefix)\"")
        }
    }
}
