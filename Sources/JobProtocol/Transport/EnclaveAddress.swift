/// Where the enclave's job or log port is: vsock in production (the enclave is CID 16, the parent CID 3),
/// TCP on loopback in development, because this kernel has no vsock loopback. Written in configuration as
/// `vsock:CID:PORT` or `tcp:HOST:PORT`.
public enum EnclaveAddress: Sendable, Hashable, CustomStringConvertible {
    case vsock(cid: UInt32, port: UInt32)
    case tcp(host: String, port: Int)

    /// The parent instance's CID, as the enclave sees it.
    public static let parentCID: UInt32 = 3

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.first {
        case "vsock":
            guard parts.count == 3, let cid = UInt32(parts[1]), let port = UInt32(parts[2]) else { return nil }
            self = .vsock(cid: cid, port: port)
        case "tcp":
            // tcp:HOST:PORT, where HOST may be an IPv6 literal in brackets.
            guard let last = text.lastIndex(of: ":"), let port = Int(text[text.index(after: last)...]), (0...65535).contains(port) else {
                return nil
            }
            var host = String(text[text.index(text.startIndex, offsetBy: 4)..<last])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
            self = .tcp(host: host, port: port)
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .vsock(let cid, let port): return "vsock:\(cid):\(port)"
        case .tcp(let host, let port): return host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        }
    }
}
