import NIOCore

/// Reads big-endian fields from a message, remembering the absolute offset so errors can say where.
/// Running out of bytes throws ``Incomplete``, which streaming callers treat as "wait for more input".
struct MessageReader {
    struct Incomplete: Error {}

    private(set) var buffer: ByteBuffer
    /// Offset of `buffer.readerIndex` within the whole message.
    private(set) var offset: Int

    private let start: Int

    init(_ buffer: ByteBuffer, offset: Int) {
        self.buffer = buffer
        self.offset = offset
        self.start = offset
    }

    /// Bytes read so far.
    var consumed: Int { offset - start }

    mutating func integer<T: FixedWidthInteger>(as: T.Type = T.self) throws -> T {
        guard let value = buffer.readInteger(as: T.self) else { throw Incomplete() }
        offset += MemoryLayout<T>.size
        return value
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard let value = buffer.readBytes(length: count) else { throw Incomplete() }
        offset += count
        return value
    }

    mutating func slice(_ count: Int) throws -> ByteBuffer {
        guard let value = buffer.readSlice(length: count) else { throw Incomplete() }
        offset += count
        return value
    }

    /// A length-prefixed (uint16) byte string.
    mutating func shortBytes() throws -> [UInt8] {
        let length = Int(try integer(as: UInt16.self))
        return try bytes(length)
    }
}

extension ByteBuffer {
    /// Writes a uint16 length then the bytes; the caller has checked the length fits.
    mutating func writeShortBytes(_ bytes: [UInt8]) {
        writeInteger(UInt16(bytes.count))
        writeBytes(bytes)
    }
}
