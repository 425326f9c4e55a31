import AWSCore
import AWSLogs
import Foundation
import XCTest

/// The moto_server that scripts/test.sh starts (`NITROFORGE_MOTO_URL`); a missing variable fails the test.
enum LogsTestEnvironment {
    struct Missing: Error, CustomStringConvertible {
        let variable: String
        var description: String { "\(variable) is not set: run scripts/test.sh" }
    }

    static func motoURL() throws -> String {
        guard let value = ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"], !value.isEmpty else {
            throw Missing(variable: "NITROFORGE_MOTO_URL")
        }
        return value
    }

    static func client(endpoint: String, retry: RetryConfiguration = RetryConfiguration()) throws -> CloudWatchLogsClient {
        CloudWatchLogsClient(client: AWSClient(
            service: .logs, region: "us-east-1", endpoint: try AWSEndpoint(url: endpoint),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAMOTOTESTING00001", secretAccessKey: "moto-testing-secret")),
            retry: retry))
    }

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }

    /// Every event of a stream, following pages until the token repeats.
    static func allEvents(_ logs: CloudWatchLogsClient, group: String, stream: String) async throws -> [CloudWatchLogEvent] {
        var events: [CloudWatchLogEvent] = []
        var token: String?
        for _ in 0..<1000 {
            let page = try await logs.getLogEvents(group: group, stream: stream, nextToken: token)
            events += page.events
            if page.events.isEmpty || page.nextForwardToken == nil || page.nextForwardToken == token { break }
            token = page.nextForwardToken
        }
        return events
    }
}

/// A TCP port that accepts connections (in the kernel's backlog) and never answers: a stuck endpoint.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
