import AWSCore
import AWSLogs
import AWSS3
import AWSSQS
import ConsumerHost
import Foundation
import JobProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NitroTestSupport
import ServiceLifecycle
import XCTest

/// moto (the test command's, `NITROFORGE_MOTO_URL`, or one of the test's own) with a bucket and queue of this
/// test's own, the clients the host agent uses, and helpers to submit jobs as the producer does.
final class HostFixture: @unchecked Sendable {
    static let app = "nf-host-test"
    static let owner = String(repeating: "ab", count: 32)

    let moto: MotoProcess?
    let endpoint: URL
    let bucket: String
    let queueURL: String
    let s3: S3Client
    let sqs: SQSClient
    let credentials = StaticCredentialProvider(AWSCredentials(accessKeyID: "test", secretAccessKey: "test-secret", sessionToken: "test-token"))
    let logLines = NIOLockedValueBox<[String]>([])

    init(queueVisibilitySeconds: Int = 30) async throws {
        if let url = ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"], !url.isEmpty {
            moto = nil
            endpoint = URL(string: url)!
        } else {
            let own = try MotoProcess()
            moto = own
            endpoint = own.url
        }
        let url = endpoint.absoluteString, lent = credentials
        func client(_ service: AWSService) throws -> AWSClient {
            AWSClient(service: service, region: "us-east-1", endpoint: try AWSEndpoint(url: url), credentials: lent,
                      retry: RetryConfiguration(maxAttempts: 2))
        }
        let s3 = S3Client(client: try client(.s3)), sqs = SQSClient(client: try client(.sqs))
        let suffix = UUID().uuidString.lowercased().prefix(8)
        let bucket = "nf-host-\(suffix)"
        try await s3.createBucket(bucket)
        queueURL = try await sqs.createQueue(name: "nf-host-\(suffix)", attributes: ["VisibilityTimeout": String(queueVisibilitySeconds)])
        self.s3 = s3
        self.sqs = sqs
        self.bucket = bucket
    }

    func shutdown() {
        moto?.stop()
    }

    func configuration(enclave: EnclaveAddress, visibilitySeconds: Int = 30, jobTimeoutSeconds: Int = 60, maxReceiveCount: Int? = nil,
                       maxObjectBytes: Int = 32 << 20, deleteInput: Bool = false, model: HostConfiguration.Model? = nil) -> HostConfiguration {
        HostConfiguration(
            app: Self.app, region: "us-east-1",
            queue: .init(url: queueURL, waitTimeSeconds: 1, maxMessages: 10, visibilityTimeoutSeconds: visibilitySeconds,
                         maxReceiveCount: maxReceiveCount),
            storage: .init(bucket: bucket, deleteInputAfterResult: deleteInput, maxObjectBytes: maxObjectBytes),
            enclave: .init(jobTimeoutSeconds: jobTimeoutSeconds, address: enclave), model: model)
    }

    var logger: Logger {
        let lines = logLines
        return Logger(label: "host-test") { label in
            JSONLineLogHandler(label: label, logLevel: .debug, output: { line in lines.withLockedValue { $0.append(line) } })
        }
    }

    func lines(containing text: String) -> [String] {
        logLines.withLockedValue { $0.filter { $0.contains(text) } }
    }

    /// Stores `bytes` as a job's input with the owner metadata and queues its message, as the producer does.
    @discardableResult
    func submit(_ bytes: [UInt8], jobID: JobID = .generate()) async throws -> JobID {
        var options = S3PutOptions()
        options.metadata = ["nitroforge-owner": Self.owner]
        _ = try await s3.putObject(bucket: bucket, key: jobID.jobKey(), buffer: ByteBuffer(bytes: bytes), options: options)
        try await send(message(jobID, size: bytes.count).encoded())
        return jobID
    }

    func message(_ jobID: JobID, size: Int, bucket: String? = nil, key: String? = nil) -> JobMessage {
        JobMessage(jobID: jobID, bucket: bucket ?? self.bucket, key: key ?? jobID.jobKey(), size: size,
                   sha256: String(repeating: "0", count: 64), submittedAt: Date(), principal: "api-key:alice")
    }

    /// Stores `bytes` as the model publisher stores the encrypted model; returns where, for `configuration(model:)`.
    func storeModel(_ bytes: [UInt8], key: String = "models/scorer.esdk") async throws -> HostConfiguration.Model {
        _ = try await s3.putObject(bucket: bucket, key: key, buffer: ByteBuffer(bytes: bytes), options: S3PutOptions())
        return HostConfiguration.Model(bucket: bucket, key: key)
    }

    func send(_ body: String) async throws {
        _ = try await sqs.sendMessage(queueURL: queueURL, SQSOutgoingMessage(body: body))
    }

    /// The object's bytes and metadata, or nil when it does not exist.
    func object(_ key: String) async throws -> (bytes: [UInt8], metadata: [String: String])? {
        do {
            let object = try await s3.getObject(bucket: bucket, key: key)
            var bytes: [UInt8] = []
            for try await chunk in object.body { bytes += chunk.readableBytesView }
            return (bytes, object.metadata.metadata)
        } catch let error as AWSServiceError where error.statusCode == 404 {
            return nil
        }
    }

    /// Messages visible now (waiting up to `waitSeconds`), left in the queue.
    func visibleMessages(waitSeconds: Int) async throws -> [SQSMessage] {
        try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitSeconds: waitSeconds)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}

/// An agent running in a service group of its own, stopped as SIGTERM would stop it.
final class RunningAgent: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(_ agent: HostAgent, logger: Logger) {
        let group = ServiceGroup(configuration: .init(services: [.init(service: agent)], logger: logger))
        self.group = group
        task = Task { try await group.run() }
    }

    /// Graceful shutdown (what SIGTERM triggers), then waits for the agent to return.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

/// Polls `condition` every 100 ms until it holds or `seconds` pass.
func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
