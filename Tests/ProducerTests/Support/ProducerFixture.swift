import AsyncHTTPClient
import Crypto
import Foundation
import NitroTestSupport
import XCTest

/// A moto of the test's own with a key, alias, bucket and queue, and producers started against it.
final class ProducerFixture: @unchecked Sendable {
    static let aliceKey = "alice-\(UUID().uuidString)"
    static let bobKey = "bob-\(UUID().uuidString)"
    static let app = "nf-test"
    /// The repository root, from this file's path (tests run from a checkout).
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let moto: MotoProcess
    let resources: ProducerResources
    let http = HTTPClient(eventLoopGroupProvider: .singleton,
                          configuration: .init(timeout: .init(connect: .seconds(5), read: .seconds(300))))

    init() throws {
        moto = try MotoProcess()
        resources = try Tools.peer(ProducerResources.self, ["setup", moto.url.absoluteString, Self.app])
    }

    func shutdown() async {
        try? await http.shutdown()
        moto.stop()
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A configuration for this fixture's resources; `extra` adds top-level YAML (limits:).
    func yaml(maxPayloadBytes: Int = 256 << 20, frameBytes: Int = 65536, queueURL: String? = nil, extra: String = "",
              tls: String = "none", auth: String? = nil) -> String {
        """
        app: \(Self.app)
        region: us-east-1
        listen:
          host: 127.0.0.1
          port: PORT
          tls: \(tls)
        maxPayloadBytes: \(maxPayloadBytes)
        auth:
        \(auth ?? """
          apiKeys:
            - name: alice
              sha256: "\(Self.sha256Hex(Self.aliceKey))"
            - name: bob
              sha256: "\(Self.sha256Hex(Self.bobKey))"
        """)
        encryption:
          dataKey: \(resources.dataKeyAlias)
          algorithm: AES_256_GCM_HKDF_SHA512_COMMIT_KEY
          frameBytes: \(frameBytes)
        storage:
          bucket: \(resources.bucket)
          jobsPrefix: jobs/
          storageKeyArn: \(resources.storageKeyArn)
        queue:
          url: \(queueURL ?? resources.queueUrl)
        \(extra)
        """
    }

    func startProducer(maxPayloadBytes: Int = 256 << 20, frameBytes: Int = 65536, queueURL: String? = nil, extra: String = "",
                       tls: String = "none", auth: String? = nil) throws -> ProducerProcess {
        try ProducerProcess(yaml: yaml(maxPayloadBytes: maxPayloadBytes, frameBytes: frameBytes, queueURL: queueURL, extra: extra,
                                       tls: tls, auth: auth),
                            awsEndpoint: moto.url)
    }

    /// Decrypts a stored job with aws-encryption-cli (the Python ESDK), requiring `context`; the plaintext's
    /// size and SHA-256, and the encryption context the message carries.
    func decryptWithCLI(key: String, context: [String: String]) throws -> (size: Int, sha256: String, context: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("producer-decrypt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = folder.appendingPathComponent("message.esdk"), plain = folder.appendingPathComponent("plain")
        let metadata = folder.appendingPathComponent("metadata.json")
        let tools = try Tools.directory
        try Tools.run(tools + "/python", [Tools.peer.path, "get", moto.url.absoluteString, resources.bucket, key, message.path])
        try Tools.run(tools + "/aws-encryption-cli", [
            "--decrypt", "--input", message.path, "--output", plain.path,
            "--wrapping-keys", "key=\(resources.dataKeyArn)", "--commitment-policy", "require-encrypt-require-decrypt",
            "--max-encrypted-data-keys", "1", "--metadata-output", metadata.path,
            "--encryption-context"] + context.map { "\($0.key)=\($0.value)" }, environment: [
                "AWS_ENDPOINT_URL": moto.url.absoluteString, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
            ])
        let (size, sha256) = try PatternBody.fileSHA256(plain)
        let header = (try JSONSerialization.jsonObject(with: Data(contentsOf: metadata)) as? [String: Any])?["header"] as? [String: Any]
        return (size, sha256, header?["encryption_context"] as? [String: String] ?? [:])
    }

    /// The context the design requires of a job's input.
    func inputContext(jobID: String, tenant: String? = nil) -> [String: String] {
        var context = [
            "nitroforge:app": Self.app, "nitroforge:purpose": "input", "nitroforge:job": jobID,
            "nitroforge:bucket": resources.bucket, "nitroforge:key": "jobs/\(jobID).esdk",
        ]
        if let tenant { context["nitroforge:tenant"] = tenant }
        return context
    }

    /// Reads (and drains) the bucket and queue.
    func inventory() throws -> Inventory {
        try Tools.peer(Inventory.self, ["inventory", moto.url.absoluteString, resources.bucket, resources.queueUrl])
    }

    func submit(_ producer: ProducerProcess, body: PatternBody, key: String = aliceKey, headers: [(String, String)] = [],
                knownLength: Bool = true) async throws -> Answer {
        try await http.send(.POST, producer.url + "/v1/jobs", headers: [("Authorization", "Bearer \(key)")] + headers,
                            body: .stream(body, length: knownLength ? .known(Int64(body.size)) : .unknown))
    }
}

/// Job objects only (idempotency records live under `jobs/idempotency/`).
extension Inventory {
    var jobObjects: [String: Object] { objects.filter { !$0.key.hasPrefix("jobs/idempotency/") } }
}
