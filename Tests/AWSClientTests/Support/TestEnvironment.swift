import AWSCore
import Foundation
import XCTest

/// What scripts/test.sh provides. A missing variable fails the test (never a silent skip).
enum TestEnvironment {
    struct Missing: Error, CustomStringConvertible {
        let variable: String
        var description: String { "\(variable) is not set: run scripts/test.sh" }
    }

    static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw Missing(variable: name) }
        return value
    }

    /// The shared no-auth moto_server.
    static func motoURL() throws -> String { try variable("NITROFORGE_MOTO_URL") }

    /// `.tools/bin`: `python` (boto3, moto) and `moto_server`.
    static func tools() throws -> String { try variable("NITROFORGE_TOOLS") }

    /// Keys moto accepts when authentication is off; also what boto3 gets in the peer scripts.
    static let motoCredentials = AWSCredentials(accessKeyID: "AKIAMOTOTESTING00001", secretAccessKey: "moto-testing-secret")

    static func client(_ service: AWSService, endpoint: String, credentials: AWSCredentials = motoCredentials,
                       retry: RetryConfiguration = RetryConfiguration(), clock: @escaping @Sendable () -> Date = { Date() }) throws -> AWSClient {
        AWSClient(service: service, region: "us-east-1", endpoint: try AWSEndpoint(url: endpoint),
                  credentials: StaticCredentialProvider(credentials), retry: retry, clock: clock)
    }

    static func fixture(_ path: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil), "missing fixture \(path)")
    }

    /// A unique lower-case name for buckets and queues, so tests sharing one moto do not collide.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }
}

/// Runs a fixture Python script with `$NITROFORGE_TOOLS/python` and decodes its one-line JSON answer.
enum Python {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ script: String, _ arguments: [String], stdin: Data? = nil,
                    credentials: AWSCredentials = TestEnvironment.motoCredentials) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.tools() + "/python")
        process.arguments = [try TestEnvironment.fixture("python/\(script)").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        for name in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"] { environment[name] = nil }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(stdin ?? Data())
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) \(arguments.prefix(2)) exited \(process.terminationStatus): \(errorText)")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "\(script) printed no JSON object")
        }
        return object
    }
}
