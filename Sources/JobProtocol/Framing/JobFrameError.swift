/// Why bytes from the peer are not a frame. Either side closes the connection on any of these: after one
/// bad frame nothing that follows can be trusted to start at a frame boundary.
public enum JobFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedVersion(UInt8)
    case unknownType(UInt8)
    /// The length field exceeds the type's limit (refused before the payload is read).
    case payloadTooLarge(JobFrame.Kind, bytes: UInt32, limit: Int)
    /// The payload does not parse as its type; `field` names the part at fault.
    case malformedPayload(JobFrame.Kind, field: String, reason: String)
    /// The connection ended inside a frame.
    case truncated(bufferedBytes: Int)

    public var description: String {
        switch self {
        case .unsupportedVersion(let version): return "job frame: version \(version); only version \(JobFrame.version) is understood"
        case .unknownType(let type): return "job frame: unknown type \(type)"
        case .payloadTooLarge(let kind, let bytes, let limit): return "job frame: \(kind) payload of \(bytes) bytes, more than the \(limit) allowed"
        case .malformedPayload(let kind, let field, let reason): return "job frame: \(kind) \(field): \(reason)"
        case .truncated(let bytes): return "job frame: the connection ended inside a frame (\(bytes) bytes buffered)"
        }
    }
}
