import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What an enclave's agent sets up before its first KMS call: the loopback interface (an enclave boots
/// with it down) and a hosts entry sending KMS's name to the in-enclave forwarder. Only in an enclave:
/// both need root and would change the machine outside one.
public enum EnclaveNetwork {
    /// Brings `lo` up (SIOCSIFFLAGS with IFF_UP), as `ip link set lo up` does.
    public static func bringUpLoopback() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw NetworkSetupError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { name in
            for (index, byte) in "lo".utf8.enumerated() { name[index] = byte }
        }
        guard ioctl(fd, UInt(SIOCGIFFLAGS), &request) == 0 else { throw NetworkSetupError("SIOCGIFFLAGS lo: \(String(cString: strerror(errno)))") }
        request.ifr_ifru.ifru_flags |= Int16(IFF_UP)
        guard ioctl(fd, UInt(SIOCSIFFLAGS), &request) == 0 else { throw NetworkSetupError("SIOCSIFFLAGS lo: \(String(cString: strerror(errno)))") }
    }

    /// Appends `127.0.0.1 <host>` to /etc/hosts unless it is there.
    public static func resolveToLoopback(_ host: String, hostsFile: String = "/etc/hosts") throws {
        let existing = (try? String(contentsOfFile: hostsFile, encoding: .utf8)) ?? ""
        let line = "127.0.0.1 \(host)"
        guard !existing.split(separator: "\n").contains(where: { $0 == line }) else { return }
        let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + line + "\n"
        do { try text.write(toFile: hostsFile, atomically: false, encoding: .utf8) } catch {
            throw NetworkSetupError("cannot write \(hostsFile): \(error.localizedDescription)")
        }
    }
}

public struct NetworkSetupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
