/// A failure talking to the NSM, or an error it answered with.
public enum NSMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `/dev/nsm` could not be opened (not inside an enclave, or the driver is missing): path, errno text.
    case deviceUnavailable(String, String)
    /// The ioctl failed: errno and its text.
    case ioctl(Int32, String)
    /// The request is larger than the driver accepts (0x1000 bytes).
    case requestTooLarge(Int)
    /// The message is not what the NSM API defines.
    case malformed(String)
    /// The module answered with an error code.
    case module(NSMErrorCode)
    /// The module answered a request with a response of another kind.
    case unexpectedResponse(String)

    public var description: String {
        switch self {
        case .deviceUnavailable(let path, let reason): return "NSM: cannot open \(path): \(reason)"
        case .ioctl(let code, let reason): return "NSM: ioctl failed with errno \(code): \(reason)"
        case .requestTooLarge(let size): return "NSM: request is \(size) bytes, the driver accepts at most 4096"
        case .malformed(let what): return "NSM: malformed message: \(what)"
        case .module(let code): return "NSM: module answered \(code.rawValue)"
        case .unexpectedResponse(let what): return "NSM: unexpected response \(what)"
        }
    }
}
