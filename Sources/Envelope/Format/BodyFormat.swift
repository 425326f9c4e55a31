import NIOCore

/// The framing constants of the message body (`data-format/message-body.md`) and its per-frame AAD
/// (`data-format/message-body-aad.md`).
enum BodyFormat {
    static let finalFrameMarker: UInt32 = 0xFFFF_FFFF
    /// Sequence number + IV + tag around a regular frame's content.
    static let regularFrameOverhead = 4 + AlgorithmSuite.ivLength + AlgorithmSuite.tagLength
    /// Marker + sequence number + IV + content length + tag around the final frame's content.
    static let finalFrameOverhead = 4 + 4 + AlgorithmSuite.ivLength + 4 + AlgorithmSuite.tagLength

    enum Content: String {
        case regularFrame = "AWSKMSEncryptionClient Frame"
        case finalFrame = "AWSKMSEncryptionClient Final Frame"
        case singleBlock = "AWSKMSEncryptionClient Single Block"
    }

    /// Message id, content string, sequence number (uint32) and content length (uint64).
    static func aad(messageID: [UInt8], content: Content, sequence: UInt32, length: Int) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(messageID.count + 64)
        buffer.writeBytes(messageID)
        buffer.writeString(content.rawValue)
        buffer.writeInteger(sequence)
        buffer.writeInteger(UInt64(length))
        return Array(buffer.readableBytesView)
    }

    /// The deterministic frame IV: 8 zero bytes and the big-endian sequence number.
    static func iv(sequence: UInt32) -> [UInt8] {
        [0, 0, 0, 0, 0, 0, 0, 0, UInt8(sequence >> 24), UInt8((sequence >> 16) & 0xFF), UInt8((sequence >> 8) & 0xFF), UInt8(sequence & 0xFF)]
    }
}
