import AWSCore
import Foundation

/// A moto_server of the test's own, on a free loopback port, with authentication on from the first
/// request (`INITIAL_NO_AUTH_ACTION_COUNT=0`), and an IAM user whose keys it accepts.
final class AuthenticatedMoto {
    let url: String
    let credentials: AWSCredentials
    private let process: Process

    init() throws {
        let port = try FreePort.find()
        process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.tools() + "/moto_server")
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        url = "http://127.0.0.1:\(port)"
        do {
            try Self.waitUntilReady(port: port)
            let user = try Python.run("peer.py", ["create-iam-user", url])
            credentials = AWSCredentials(accessKeyID: user["accessKeyId"] as! String, secretAccessKey: user["secretAccessKey"] as! String)
        } catch {
            process.terminate()
            throw error
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// moto listens about half a second after it starts.
    static func waitUntilReady(port: Int) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if FreePort.isListening(port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Python.Failure(description: "moto_server on port \(port) did not start within 30 s")
    }
}

/// TCP ports on 127.0.0.1.
enum FreePort {
    /// Whether something accepts connections on `port`.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    /// A port nobody listens on (bound and released, then handed to the child).
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Python.Failure(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
