#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The unprivileged account processors run as. The agent starts as root (it needs `/dev/nsm` and the
/// loopback interface); the workload never does. Outside an enclave, run by an ordinary user, there is
/// nothing to drop and processors run as that user.
public struct ProcessUser: Sendable, Equatable {
    public let name: String
    public let uid: UInt32
    public let gid: UInt32

    /// The account to switch to, or nil when this process is not root (nothing to switch from).
    /// Throws when running as root and the account does not exist: the workload must not run as root.
    public static func dropping(to name: String) throws -> ProcessUser? {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam(name) else {
            throw ProcessorFailure("the agent runs as root and user \"\(name)\" does not exist; the image must create it (useradd --system \(name))")
        }
        let user = ProcessUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        guard user.uid != 0 else { throw ProcessorFailure("user \"\(name)\" is root; processors must run unprivileged") }
        return user
    }
}
