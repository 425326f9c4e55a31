import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NitroDev
import NitroTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The AWS resources of one producer under test, made by the boto3 peer in a moto of the test's own.
struct ProducerResources: Decodable {
    var dataKeyArn: String
    var dataKeyAlias: String
    var storageKeyArn: String
    var bucket: String
    var queueUrl: String
    var missingQueueUrl: String
}

/// What the bucket and queue hold, read by the boto3 peer (the queue is drained by reading it).
struct Inventory: Decodable {
    struct Object: Decodable {
        var size: Int
        var metadata: [String: String]
        var sse: String?
        var sseKey: String?
    }

    var objects: [String: Object]
    var messages: [String]
    var openUploads: Int
}

enum Tools {
    static var directory: String {
        get throws {
            guard let tools = ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"], !tools.isEmpty else {
                throw HarnessError("NITROFORGE_TOOLS is not set: run scripts/test.sh, which installs the test tools")
            }
            return tools
        }
    }

    static let peer = Bundle.module.url(forResource: "Fixtures/python/peer", withExtension: "py")!

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a tool to its end; output through files, so a chatty tool cannot block on a full pipe.
    static func outcome(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("producer-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                       stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// Runs a tool that must succeed; its standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let outcome = try outcome(executable, arguments, environment: environment)
        guard outcome.status == 0 else {
            throw HarnessError("\(executable) \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.stderr)")
        }
        return outcome.stdout
    }

    /// The `nitroforge` executable built beside the tests, run as a user would.
    static func nitroforge(_ arguments: [String]) throws -> Outcome {
        try outcome(Bundle.main.bundleURL.appendingPathComponent("nitroforge").path, arguments)
    }

    static func peer<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let output = try run(try directory + "/python", [peer.path] + arguments)
        return try JSONDecoder().decode(T.self, from: Data(output.utf8))
    }
}

/// A `nitroforge-producer` process (the executable built beside the tests) on a free loopback port, with
/// moto as its AWS; its JSON log lines go to a file the test can read.
final class ProducerProcess: @unchecked Sendable {
    let url: String
    let port: Int
    let log: URL
    let configuration: URL
    private let process = Process()

    static var executable: URL { Bundle.main.bundleURL.appendingPathComponent("nitroforge-producer") }

    /// `yaml` is the configuration with `PORT` where the port goes.
    init(yaml: String, awsEndpoint: URL) throws {
        port = try MotoProcess.freePort()
        url = "http://127.0.0.1:\(port)"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("producer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configuration = folder.appendingPathComponent("producer.yaml")
        log = folder.appendingPathComponent("producer.log")
        try yaml.replacingOccurrences(of: "PORT", with: String(port)).write(to: configuration, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = ["--config", configuration.path]
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = awsEndpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = "test"
        environment["AWS_SECRET_ACCESS_KEY"] = "test"
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_MAX_ATTEMPTS"] = "2"
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if LoopbackPort.isListening(port) { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(process.processIdentifier, SIGKILL)
        throw HarnessError("nitroforge-producer did not listen on \(url) within 30 s: \(logText)")
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits up to `seconds` for the process to exit; its status, or nil if it still runs.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A repeatable stream of bytes (windows onto one random block), so a large body need not be held by the test.
struct PatternBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let size: Int
    var chunk = 256 << 10
    let seed: UInt8
    /// Sends no faster than this, so that a test can act while a body is still on its way.
    var bytesPerSecond: Int?

    init(size: Int, seed: UInt8) {
        self.size = size
        self.seed = seed
    }

    static let block: [UInt8] = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255) }

    func paced(bytesPerSecond: Int) -> PatternBody {
        var copy = self
        copy.bytesPerSecond = bytesPerSecond
        return copy
    }

    func makeAsyncIterator() -> Iterator { Iterator(remaining: size, chunk: chunk, seed: seed, bytesPerSecond: bytesPerSecond) }

    struct Iterator: AsyncIteratorProtocol {
        var remaining: Int
        let chunk: Int
        let seed: UInt8
        let bytesPerSecond: Int?
        var index = 0

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            if let bytesPerSecond { try await Task.sleep(for: .milliseconds(chunk * 1000 / bytesPerSecond)) }
            let count = Swift.min(chunk, remaining)
            remaining -= count
            // A window onto one random block, moved by a step per chunk: cheap to make, and no two chunks alike.
            let start = (index &* 7919 &+ Int(seed) &* 104_729) % PatternBody.block.count
            var buffer = ByteBuffer()
            buffer.reserveCapacity(count)
            var written = 0
            while written < count {
                let from = (start + written) % PatternBody.block.count
                let length = Swift.min(count - written, PatternBody.block.count - from)
                buffer.writeBytes(PatternBody.block[from..<(from + length)])
                written += length
            }
            index += 1
            return buffer
        }
    }

    /// Size and SHA-256 of a file, read in pieces.
    static func fileSHA256(_ url: URL) throws -> (size: Int, sha256: String) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hash = SHA256()
        var size = 0
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            hash.update(data: data)
            size += data.count
        }
        return (size, hash.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// SHA-256 of the whole stream, lower-case hex.
    func sha256() async throws -> String {
        var hash = SHA256()
        for try await buffer in self { buffer.withUnsafeReadableBytes { hash.update(bufferPointer: $0) } }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// One HTTP answer, read whole (answers are small JSON documents).
struct Answer {
    var status: Int
    var headers: [(String, String)]
    var body: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

extension HTTPClient {
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: HTTPClientRequest.Body? = nil,
              timeout: TimeAmount = .seconds(600)) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = body
        let response = try await execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                      body: String(buffer: bytes))
    }
}

/// A client that breaks HTTP on purpose: a body shorter than its Content-Length, then the connection closed.
enum RawClient {
    static func sendTruncated(port: Int, declared: Int, sent: Int, key: String) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HarnessError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw HarnessError("cannot connect to 127.0.0.1:\(port)") }
        let head = "POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nContent-Length: \(declared)\r\n\r\n"
        try write(Array(head.utf8), to: descriptor)
        var remaining = sent
        let piece = [UInt8](repeating: 0x61, count: 1 << 20)
        while remaining > 0 {
            try write(Array(piece.prefix(remaining)), to: descriptor)
            remaining -= min(remaining, piece.count)
        }
        // Give the producer time to start its upload before the connection goes.
        Thread.sleep(forTimeInterval: 1)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw HarnessError("send() failed") }
            offset += written
        }
    }
}
