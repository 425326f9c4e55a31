import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// TCP ports on 127.0.0.1 that nothing is bound to, for the development stack's servers and the tests'.
///
/// They are chosen below the kernel's ephemeral range on purpose: a port from that range (what binding
/// port 0 returns) can be taken, between its choice and its server's bind, as the local end of any
/// outgoing connection on the machine, and a connection pool may then hold it for minutes, so that a
/// server (re)started on it later cannot bind. No outgoing connection is ever given a port below the range.
public enum LoopbackPort {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// `count` distinct ports, each free when it was tried.
    public static func unused(count: Int) throws -> [Int] {
        var ports: [Int] = []
        while ports.count < count {
            let port = try unused()
            if !ports.contains(port) { ports.append(port) }
        }
        return ports
    }

    /// A port below the ephemeral range that could be bound just now; the kernel's choice (from the
    /// ephemeral range) when the range leaves too little below it.
    public static func unused() throws -> Int {
        let floor = 10_000, ceiling = ephemeralRangeStart() - 1
        if ceiling - floor >= 1_000 {
            for _ in 0..<200 {
                let port = Int.random(in: floor...ceiling)
                if try bind(port) != nil { return port }
            }
        }
        guard let port = try bind(0) else { throw Unavailable(description: "cannot bind any TCP port on 127.0.0.1") }
        return port
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` (a server is up once it listens).
    public static func isListening(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// The first port of `ip_local_port_range` (Linux's default, 32768, where it cannot be read).
    static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
    }

    /// Binds 127.0.0.1:`port` (0: the kernel's choice), releases it, and returns the port bound, or nil if it is in use.
    private static func bind(_ port: Int) throws -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = loopback(port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
