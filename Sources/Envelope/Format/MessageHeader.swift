import NIOCore

/// The message header (`data-format/message-header.md`), format version 1 or 2, without its
/// authentication tag. Parsing keeps the exact header bytes because header authentication covers them.
public struct MessageHeader: Sendable {
    public enum ContentType: UInt8, Sendable {
        case nonFramed = 0x01
        case framed = 0x02
    }

    public var suite: AlgorithmSuite
    public var messageID: [UInt8]
    /// The pairs stored in the header (required-context pairs are authenticated but not stored).
    public var encryptionContext: EncryptionContext
    public var encryptedDataKeys: [EncryptedDataKey]
    public var contentType: ContentType
    /// Plaintext bytes per regular frame; 0 for a non-framed body.
    public var frameLength: UInt32
    /// The key commitment (format version 2 only).
    public var commitment: [UInt8]?

    public var formatVersion: UInt8 { suite.messageFormatVersion }

    public init(
        suite: AlgorithmSuite, messageID: [UInt8], encryptionContext: EncryptionContext,
        encryptedDataKeys: [EncryptedDataKey], contentType: ContentType, frameLength: UInt32, commitment: [UInt8]?
    ) {
        self.suite = suite
        self.messageID = messageID
        self.encryptionContext = encryptionContext
        self.encryptedDataKeys = encryptedDataKeys
        self.contentType = contentType
        self.frameLength = frameLength
        self.commitment = commitment
    }

    /// The header bytes that header authentication covers (everything before the IV/tag).
    func serialized() throws -> ByteBuffer {
        let context = try EncryptionContextCoding.serialize(encryptionContext)
        var buffer = ByteBuffer()
        buffer.writeInteger(formatVersion)
        if formatVersion == 1 { buffer.writeInteger(UInt8(0x80)) }
        buffer.writeInteger(suite.id)
        buffer.writeBytes(messageID)
        buffer.writeInteger(UInt16(context.count))
        buffer.writeBytes(context)
        guard encryptedDataKeys.count <= Int(UInt16.max) else {
            throw EnvelopeError(.invalidArgument, "\(encryptedDataKeys.count) encrypted data keys is more than 65535")
        }
        buffer.writeInteger(UInt16(encryptedDataKeys.count))
        for key in encryptedDataKeys {
            let fields = [Array(key.providerID.utf8), key.providerInfo, key.ciphertext]
            guard fields.allSatisfy({ $0.count <= Int(UInt16.max) }) else {
                throw EnvelopeError(.invalidArgument, "an encrypted data key of provider \"\(key.providerID)\" has a field over 65535 bytes")
            }
            fields.forEach { buffer.writeShortBytes($0) }
        }
        buffer.writeInteger(contentType.rawValue)
        if formatVersion == 1 {
            buffer.writeInteger(UInt32(0))
            buffer.writeInteger(UInt8(AlgorithmSuite.ivLength))
        }
        buffer.writeInteger(frameLength)
        if let commitment { buffer.writeBytes(commitment) }
        return buffer
    }
}

/// A header as read from a message, with the bytes its authentication covers.
struct ParsedHeader {
    var header: MessageHeader
    /// The exact header bytes (the AAD of header authentication).
    var bytes: ByteBuffer
    /// The IV of header authentication: read from a v1 header, all zeros in v2.
    var authenticationIV: [UInt8]
    var authenticationTag: [UInt8]
    /// Header plus its authentication, in bytes.
    var totalLength: Int
}

extension MessageHeader {
    /// Parses a header and its authentication from the start of `buffer`.
    /// Throws `MessageReader.Incomplete` when more bytes are needed, and `EnvelopeError` when they are wrong.
    static func parse(_ buffer: ByteBuffer, maxEncryptedDataKeys: Int) throws -> ParsedHeader {
        var reader = MessageReader(buffer, offset: 0)
        let version: UInt8 = try reader.integer()
        guard version == 1 || version == 2 else {
            throw EnvelopeError(.malformedMessage, "unknown message format version \(version)", offset: 0)
        }
        if version == 1 {
            let type: UInt8 = try reader.integer()
            guard type == 0x80 else {
                throw EnvelopeError(.malformedMessage, "message type 0x\(String(type, radix: 16)) is not 0x80", offset: 1)
            }
        }
        let suiteOffset = reader.offset
        let suiteID: UInt16 = try reader.integer()
        guard let suite = AlgorithmSuite(id: suiteID) else {
            throw EnvelopeError(.malformedMessage, "unknown algorithm suite 0x\(String(suiteID, radix: 16))", offset: suiteOffset)
        }
        guard suite.messageFormatVersion == version else {
            throw EnvelopeError(.malformedMessage, "suite \(suite) is not allowed in message format version \(version)", offset: suiteOffset)
        }
        let messageID = try reader.bytes(suite.messageIDLength)
        let contextLength = Int(try reader.integer(as: UInt16.self))
        let context = try EncryptionContextCoding.parse(&reader, length: contextLength)
        let countOffset = reader.offset
        let keyCount = Int(try reader.integer(as: UInt16.self))
        guard keyCount > 0 else {
            throw EnvelopeError(.malformedMessage, "the header lists no encrypted data keys", offset: countOffset)
        }
        guard keyCount <= maxEncryptedDataKeys else {
            throw EnvelopeError(.policy, "the message carries \(keyCount) encrypted data keys, more than the limit of \(maxEncryptedDataKeys)", offset: countOffset)
        }
        var keys: [EncryptedDataKey] = []
        for _ in 0..<keyCount {
            let at = reader.offset
            guard let providerID = String(validating: try reader.shortBytes(), as: UTF8.self) else {
                throw EnvelopeError(.malformedMessage, "encrypted data key provider id is not UTF-8", offset: at)
            }
            keys.append(EncryptedDataKey(providerID: providerID, providerInfo: try reader.shortBytes(), ciphertext: try reader.shortBytes()))
        }
        let typeOffset = reader.offset
        let typeByte: UInt8 = try reader.integer()
        guard let contentType = ContentType(rawValue: typeByte) else {
            throw EnvelopeError(.malformedMessage, "unknown content type \(typeByte)", offset: typeOffset)
        }
        if version == 1 {
            let reservedOffset = reader.offset
            guard try reader.integer(as: UInt32.self) == 0 else {
                throw EnvelopeError(.malformedMessage, "reserved field is not zero", offset: reservedOffset)
            }
            let ivOffset = reader.offset
            let ivLength: UInt8 = try reader.integer()
            guard ivLength == AlgorithmSuite.ivLength else {
                throw EnvelopeError(.malformedMessage, "IV length \(ivLength) is not \(AlgorithmSuite.ivLength)", offset: ivOffset)
            }
        }
        let frameOffset = reader.offset
        let frameLength: UInt32 = try reader.integer()
        switch contentType {
        case .nonFramed where frameLength != 0:
            throw EnvelopeError(.malformedMessage, "a non-framed message has frame length \(frameLength), not 0", offset: frameOffset)
        case .framed where frameLength == 0:
            throw EnvelopeError(.malformedMessage, "a framed message has frame length 0", offset: frameOffset)
        default:
            break
        }
        let commitment: [UInt8]? = try (version == 2 ? reader.bytes(AlgorithmSuite.commitmentLength) : nil)
        let headerLength = reader.consumed
        let iv = try (version == 1 ? reader.bytes(AlgorithmSuite.ivLength) : [UInt8](repeating: 0, count: AlgorithmSuite.ivLength))
        let tag = try reader.bytes(AlgorithmSuite.tagLength)
        let header = MessageHeader(
            suite: suite, messageID: messageID, encryptionContext: context, encryptedDataKeys: keys,
            contentType: contentType, frameLength: frameLength, commitment: commitment)
        return ParsedHeader(
            header: header, bytes: buffer.getSlice(at: buffer.readerIndex, length: headerLength)!,
            authenticationIV: iv, authenticationTag: tag, totalLength: reader.consumed)
    }
}
