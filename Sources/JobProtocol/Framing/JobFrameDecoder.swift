import NIOCore

/// Reads frames from a byte stream. It never buffers more than one frame header plus one payload within
/// its type's limit: the length is checked against `JobFrameLimits` as soon as the header is complete.
public struct JobFrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = JobFrame
    static let headerBytes = 6

    public let limits: JobFrameLimits

    public init(limits: JobFrameLimits = .default) { self.limits = limits }

    /// The next whole frame at the start of `buffer`, consuming it; nil if more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> JobFrame? {
        try next(from: &buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> JobFrame? {
        if let frame = try next(from: &buffer) { return frame }
        if buffer.readableBytes > 0 { throw JobFrameError.truncated(bufferedBytes: buffer.readableBytes) }
        return nil
    }

    /// The same as `decode`, with the typed error (for callers outside a NIO pipeline, such as tests).
    public func next(from buffer: inout ByteBuffer) throws(JobFrameError) -> JobFrame? {
        guard let version = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard version == JobFrame.version else { throw .unsupportedVersion(version) }
        guard let type = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return nil }
        guard let kind = JobFrame.Kind(rawValue: type) else { throw .unknownType(type) }
        guard let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt32.self) else { return nil }
        let limit = limits.payloadLimit(kind)
        guard length <= limit else { throw .payloadTooLarge(kind, bytes: length, limit: limit) }
        guard buffer.readableBytes >= Self.headerBytes + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: Self.headerBytes)
        var payload = buffer.readSlice(length: Int(length))!
        return try parse(kind, payload: &payload)
    }

    private func parse(_ kind: JobFrame.Kind, payload: inout ByteBuffer) throws(JobFrameError) -> JobFrame {
        var reader = PayloadReader(kind: kind, buffer: payload)
        let frame: JobFrame
        switch kind {
        case .request: frame = .request(try parseRequest(&reader))
        case .data: return .data(payload)
        case .log: return .log(payload)
        case .end: frame = .end
        case .heartbeat: frame = .heartbeat
        case .failure:
            let raw = try reader.integer(UInt16.self, field: "code")
            guard let code = JobFailure.Code(rawValue: raw) else {
                throw .malformedPayload(.failure, field: "code", reason: "unknown code \(raw)")
            }
            frame = .failure(JobFailure(code, try reader.string(field: "message")))
        }
        try reader.finish()
        return frame
    }

    private func parseRequest(_ reader: inout PayloadReader) throws(JobFrameError) -> JobRequest {
        let rawPurpose = try reader.integer(UInt8.self, field: "purpose")
        guard let purpose = JobRequest.Purpose(rawValue: rawPurpose) else {
            throw .malformedPayload(.request, field: "purpose", reason: "unknown purpose \(rawPurpose)")
        }
        let jobID = try reader.string(field: "jobID")
        guard !jobID.isEmpty else { throw .malformedPayload(.request, field: "jobID", reason: "is empty") }
        let size = try reader.integer(UInt64.self, field: "ciphertextBytes")
        let accessKeyID = try reader.string(field: "accessKeyID")
        let secret = try reader.string(field: "secretAccessKey")
        let token = try reader.string(field: "sessionToken")
        let pairs = Int(try reader.integer(UInt16.self, field: "expectedContext"))
        guard pairs <= limits.contextPairs else {
            throw .malformedPayload(.request, field: "expectedContext", reason: "\(pairs) pairs, more than the \(limits.contextPairs) allowed")
        }
        var context: [String: String] = [:]
        for _ in 0..<pairs {
            let key = try reader.string(field: "expectedContext key")
            let value = try reader.string(field: "expectedContext[\(key.prefix(64))]")
            guard context.updateValue(value, forKey: key) == nil else {
                throw .malformedPayload(.request, field: "expectedContext", reason: "\"\(key.prefix(64))\" appears twice")
            }
        }
        return JobRequest(purpose: purpose, jobID: jobID, ciphertextBytes: size,
                          credentials: JobCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token.isEmpty ? nil : token),
                          expectedContext: context)
    }
}

/// Reads fields of one payload, naming the field at fault.
private struct PayloadReader {
    let kind: JobFrame.Kind
    var buffer: ByteBuffer

    mutating func integer<T: FixedWidthInteger>(_: T.Type, field: String) throws(JobFrameError) -> T {
        guard let value = buffer.readInteger(as: T.self) else {
            throw .malformedPayload(kind, field: field, reason: "ends early")
        }
        return value
    }

    mutating func string(field: String) throws(JobFrameError) -> String {
        let length = Int(try integer(UInt16.self, field: field))
        guard let bytes = buffer.readBytes(length: length) else {
            throw .malformedPayload(kind, field: field, reason: "ends early (\(length) bytes announced)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformedPayload(kind, field: field, reason: "is not UTF-8")
        }
        return text
    }

    func finish() throws(JobFrameError) {
        guard buffer.readableBytes == 0 else {
            throw .malformedPayload(kind, field: "payload", reason: "\(buffer.readableBytes) bytes after the last field")
        }
    }
}
