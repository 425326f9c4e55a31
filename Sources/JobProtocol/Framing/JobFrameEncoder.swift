import NIOCore

extension JobFrame {
    /// Appends the frame's wire form to `buffer`. Writing a payload over its limit is a programming error
    /// of the sender (the reader would refuse it), so it traps rather than send it.
    public func write(to buffer: inout ByteBuffer, limits: JobFrameLimits = .default) {
        let start = buffer.writerIndex
        buffer.writeInteger(Self.version)
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(UInt32(0))
        let payloadStart = buffer.writerIndex
        switch self {
        case .request(let request):
            buffer.writeInteger(request.purpose.rawValue)
            buffer.writeShortString(request.jobID)
            buffer.writeInteger(request.ciphertextBytes)
            buffer.writeShortString(request.credentials.accessKeyID)
            buffer.writeShortString(request.credentials.secretAccessKey)
            buffer.writeShortString(request.credentials.sessionToken ?? "")
            buffer.writeInteger(UInt16(request.expectedContext.count))
            for (key, value) in request.expectedContext.sorted(by: { $0.key < $1.key }) {
                buffer.writeShortString(key)
                buffer.writeShortString(value)
            }
        case .data(var chunk), .log(var chunk):
            buffer.writeBuffer(&chunk)
        case .failure(let failure):
            buffer.writeInteger(failure.code.rawValue)
            // 1,000 characters are at most 4,000 bytes of UTF-8, within the failure limit.
            buffer.writeShortString(String(failure.message.prefix(1000)))
        case .end, .heartbeat:
            break
        }
        let length = buffer.writerIndex - payloadStart
        precondition(length <= limits.payloadLimit(kind), "a \(kind) frame of \(length) bytes is over its limit")
        buffer.setInteger(UInt32(length), at: start + 2)
    }
}

extension ByteBuffer {
    /// UInt16 length, then UTF-8.
    mutating func writeShortString(_ text: String) {
        let bytes = text.utf8.prefix(Int(UInt16.max))
        writeInteger(UInt16(bytes.count))
        writeBytes(bytes)
    }
}

/// The NIO handler that writes frames.
public struct JobFrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = JobFrame
    public let limits: JobFrameLimits

    public init(limits: JobFrameLimits = .default) { self.limits = limits }

    public func encode(data: JobFrame, out: inout ByteBuffer) throws {
        data.write(to: &out, limits: limits)
    }
}
