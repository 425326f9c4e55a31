import AsyncHTTPClient
import Foundation
import NIOCore
import NitroTestSupport
import XCTest

/// `nitroforge dev up --detach --json` on a copy of the inference example (its processor moved to a free
/// port), shared by a test class and stopped with `dev down`: every process is the real one.
final class DevStack: @unchecked Sendable {
    struct Identity: Decodable {
        let accessKeyId: String
        let secretAccessKey: String
        let principal: String
    }

    struct Answer: Decodable {
        struct Identities: Decodable {
            let producer: Identity
            let consumer: Identity
            let resultReader: Identity
        }

        let producerUrl: String
        let apiKey: String
        let kmsEndpoint: String
        let awsEndpoint: String
        let bucket: String
        let queueUrl: String
        let deadLetterQueueUrl: String
        let dataKeyArn: String
        let resultsKeyArn: String
        let identities: Identities
    }

    let folder: URL
    let answer: Answer
    /// The processor's port on this machine (the example's 8080 moved to a free one).
    let processorPort: Int

    var state: URL { folder.appendingPathComponent("state") }
    var example: URL { folder.appendingPathComponent("example") }
    var logs: URL { state.appendingPathComponent("logs") }

    /// - Parameter edit: changes to the example's spec text (after the processor's port is moved).
    static func up(extraArguments: [String] = [], edit: (String) -> String = { $0 }) throws -> DevStack {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-pipeline-\(UUID().uuidString)")
        let example = folder.appendingPathComponent("example")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Nitroforge.repo.appendingPathComponent("examples/inference"), to: example)
        let specURL = example.appendingPathComponent("nitroforge.yaml")
        let port = try MotoProcess.freePort()
        let spec = edit(try String(contentsOf: specURL, encoding: .utf8).replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(port)"))
        try spec.write(to: specURL, atomically: true, encoding: .utf8)
        let outcome = try Nitroforge.run(["dev", "up", "--spec", specURL.path, "--state", folder.appendingPathComponent("state").path,
                                          "--detach", "--json"] + extraArguments, environment: toolsEnvironment)
        guard outcome.status == 0 else {
            throw StackError("dev up failed (\(outcome.status)):\n\(outcome.stderr)")
        }
        return DevStack(folder: folder, answer: try JSONDecoder().decode(Answer.self, from: Data(outcome.stdout.utf8)), processorPort: port)
    }

    private init(folder: URL, answer: Answer, processorPort: Int) {
        self.folder = folder
        self.answer = answer
        self.processorPort = processorPort
    }

    /// PATH with the project's tools (moto_server, python), and no AWS settings of the caller's.
    static var toolsEnvironment: [String: String] {
        var environment: [String: String] = ["AWS_ENDPOINT_URL": "", "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""]
        let tools = ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"] ?? Nitroforge.repo.appendingPathComponent(".tools/bin").path
        environment["PATH"] = tools + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return environment
    }

    func down() {
        _ = try? Nitroforge.run(["dev", "down", "--state", state.path])
        try? FileManager.default.removeItem(at: folder)
    }

    /// The environment of `identity` against the stack's endpoints (KMS through the development KMS).
    func environment(_ identity: Identity) -> [String: String] {
        ["AWS_ENDPOINT_URL": answer.awsEndpoint, "AWS_ENDPOINT_URL_KMS": answer.kmsEndpoint, "AWS_REGION": "us-east-1",
         "AWS_ACCESS_KEY_ID": identity.accessKeyId, "AWS_SECRET_ACCESS_KEY": identity.secretAccessKey, "AWS_PROFILE": ""]
    }

    /// Submits a file through the producer with `nitroforge submit`; the job id.
    func submit(_ file: URL) throws -> String {
        let outcome = try Nitroforge.run(["submit", "--endpoint", answer.producerUrl, "--api-key", answer.apiKey, "--json", file.path])
        guard outcome.status == 0, let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
              let id = object["jobId"] as? String
        else { throw StackError("submit failed (\(outcome.status)): \(outcome.stderr)") }
        return id
    }

    /// The job's status as the producer tells its submitter.
    func status(_ id: String) throws -> String {
        let outcome = try Nitroforge.run(["job", "--endpoint", answer.producerUrl, "--api-key", answer.apiKey, "--json", id])
        guard let object = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
              let status = object["status"] as? String
        else { throw StackError("job \(id) failed (\(outcome.status)): \(outcome.stderr)") }
        return status
    }

    func waitForStatus(_ id: String, _ expected: String, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try status(id)
            if last == expected { return }
            Thread.sleep(forTimeInterval: 0.3)
        }
        throw StackError("job \(id) is \(last), not \(expected), after \(Int(timeout)) s")
    }

    /// `nitroforge decrypt` of the stored result as the result reader, pinned to the results key and
    /// requiring the result context of `job` (of `claimedJob`, when a test passes off one job's result as another's).
    func readResult(_ key: String, claimedJob: String, keyArn: String? = nil) throws -> Nitroforge.Outcome {
        let out = folder.appendingPathComponent("result-\(UUID().uuidString)")
        var outcome = try Nitroforge.run([
            "decrypt", "--in", "s3://\(answer.bucket)/\(key)", "--out", out.path, "--key-id", keyArn ?? answer.resultsKeyArn,
            "--require-context", "nitroforge:purpose=result", "--require-context", "nitroforge:job=\(claimedJob)",
        ], environment: environment(answer.identities.resultReader))
        if outcome.status == 0 {
            outcome = Nitroforge.Outcome(status: 0, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "", stderr: outcome.stderr)
        }
        return outcome
    }

    /// The boto3 observer (Fixtures/python/pipeline_peer.py); its JSON answer.
    func peer(_ arguments: [String]) throws -> Any {
        let python = (ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"].map { URL(fileURLWithPath: $0) }
            ?? Nitroforge.repo.appendingPathComponent(".tools/bin")).appendingPathComponent("python")
        let script = Nitroforge.repo.appendingPathComponent("Tests/PipelineTests/Fixtures/python/pipeline_peer.py")
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path] + [arguments[0], answer.awsEndpoint] + arguments.dropFirst()
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw StackError("pipeline_peer.py \(arguments[0]) failed: \(errorText)") }
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    /// Submits `count` copies of `body` straight to the producer's API, `concurrency` at a time; the job ids.
    func submitMany(_ count: Int, body: String, concurrency: Int = 16) async throws -> [String] {
        let url = answer.producerUrl + "/v1/jobs", key = answer.apiKey
        return try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var ids: [String] = []
                    for _ in stride(from: worker, to: count, by: concurrency) {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(key)")
                        request.body = .bytes(ByteBuffer(string: body))
                        var response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                        var answer = try await response.body.collect(upTo: 1 << 16)
                        // A careful client: over the producer's rate limit, wait as told and send again.
                        while response.status.code == 429 {
                            let wait = response.headers.first(name: "Retry-After").flatMap(Int.init) ?? 1
                            try await Task.sleep(for: .seconds(wait))
                            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                            answer = try await response.body.collect(upTo: 1 << 16)
                        }
                        guard response.status.code == 202,
                              let object = try JSONSerialization.jsonObject(with: Data(buffer: answer)) as? [String: Any],
                              let id = object["jobId"] as? String
                        else { throw StackError("submit answered \(response.status.code): \(String(buffer: answer))") }
                        ids.append(id)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// The recorded PID of one of the stack's processes.
    func pid(of name: String) throws -> Int32 {
        let data = try Data(contentsOf: state.appendingPathComponent("stack.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let processes = object?["processes"] as? [[String: Any]] ?? []
        guard let pid = processes.first(where: { $0["name"] as? String == name })?["pid"] as? Int else { throw StackError("no \(name) in stack.json") }
        return Int32(pid)
    }

    func counts() throws -> (queue: Int, dlq: Int) {
        let object = try peer(["counts", answer.queueUrl, answer.deadLetterQueueUrl]) as? [String: Int] ?? [:]
        return (object["queue"] ?? -1, object["dlq"] ?? -1)
    }

    func keys(_ prefix: String) throws -> [String] {
        try peer(["keys", answer.bucket, prefix]) as? [String] ?? []
    }

    /// Everything the stack's processes wrote to their logs.
    func allLogs() throws -> String {
        try FileManager.default.contentsOfDirectory(at: logs, includingPropertiesForKeys: nil)
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
    }
}

struct StackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One stack per test class, made on first use; a failure to make it fails every test at once.
final class SharedDevStack: @unchecked Sendable {
    private let lock = NSLock()
    private var stack: Result<DevStack, any Error>?
    private let edit: @Sendable (String) -> String
    private let extraArguments: [String]

    /// - Parameters:
    ///   - extraArguments: added to `dev up`'s.
    ///   - edit: changes to the example's spec text.
    init(extraArguments: [String] = [], edit: @escaping @Sendable (String) -> String = { $0 }) {
        self.extraArguments = extraArguments
        self.edit = edit
    }

    func get() throws -> DevStack {
        try lock.withLock {
            if let stack { return try stack.get() }
            let made = Result { try DevStack.up(extraArguments: extraArguments, edit: edit) }
            stack = made
            return try made.get()
        }
    }

    func down() {
        lock.withLock { (try? stack?.get())?.down() }
    }
}

