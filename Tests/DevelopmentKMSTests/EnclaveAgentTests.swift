import AWSCore
import AWSKMS
import Attestation
import ConsumerEnclave
import Envelope
import Foundation
import JobProtocol
import Logging
import NIOCore
import NitroDev
import XCTest

/// The enclave agent's own code, served on loopback TCP, against real moto keys carrying the generated
/// policies behind the enforcing development KMS, with the NSM emulator. The test plays the host (the
/// host agent has its own tests) and the producer, and reads results as a result reader would.
/// The processor is a shell command that records every input it gets, so a test can tell what it saw.
final class EnclaveAgentTests: XCTestCase {
    private static let shared = SharedEnvironment()

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    struct Agent {
        let port: Int
        let task: Task<Void, Error>
        let records: URL
        let models: ModelStore
    }

    /// Starts an agent whose emulator reports `pcr0` and whose processor upper-cases its input (or fails).
    /// The processor also copies the file `NITROFORGE_MODEL` names, when set, to `<job>.model` in the records.
    /// With `requiresModel`, enclave.json says a model is required.
    private func startAgent(_ env: EnforcementEnvironment, pcr0: [UInt8]? = nil, failingProcessor: Bool = false,
                            requiresModel: Bool = false) async throws -> Agent {
        let records = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-enclave-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: records) }
        let copyModel = "if [ -n \"$NITROFORGE_MODEL\" ]; then cat \"$NITROFORGE_MODEL\" > '\(records.path)'/$NITROFORGE_JOB.model || exit 4; fi; "
        let script = copyModel + (failingProcessor
            ? "cat > '\(records.path)'/$NITROFORGE_JOB; exit 3"
            : "cat > '\(records.path)'/$NITROFORGE_JOB && tr a-z A-Z < '\(records.path)'/$NITROFORGE_JOB")
        let json = """
            {"app": "\(env.app)", "region": "us-east-1", "accountId": "\(env.account)", "debug": false,
             "kms": {"host": "kms.us-east-1.amazonaws.com", "port": 443, "dataKeyAlias": "\(env.dataKeyARN)",
                     "resultsKeyAlias": "\(env.resultsKeyARN)", "caBundle": "/dev/null", "parentProxyCid": 3, "parentProxyPort": 8000},
             "vsock": {"jobsPort": 5005, "logsPort": 5006},
             "limits": {"maxPayloadBytes": 4194304, "maxEncryptedDataKeys": 3, "jobTimeoutSeconds": 60},
             \(requiresModel ? #""model": {"required": true},"# : "")
             "processor": {"type": "exec", "argv": \(String(decoding: try JSONSerialization.data(withJSONObject: ["/bin/sh", "-c", script]), as: UTF8.self))}}
            """
        let configuration = try EnclaveConfiguration.decode(Data(json.utf8), path: "enclave.json")
        XCTAssertEqual(configuration.requiresModel, requiresModel)
        guard case .exec(let argv) = configuration.processor else { throw JobFailure(.internal, "not an exec processor") }
        let models = ModelStore.privateTemporary()
        addTeardownBlock { try? FileManager.default.removeItem(at: models.directory) }
        let context = EnclaveContext(
            configuration: configuration, nsm: NSMClient(transport: NSMEmulator(ca: env.ca, pcrs: [0: pcr0 ?? env.allowedPCR0])),
            keyPair: try RecipientKeyPair(), processor: ExecProcessor(argv: argv, user: nil),
            kmsEndpoint: try AWSEndpoint(url: env.front.absoluteString), httpClient: .aws, logger: Logger(label: "enclave-test"),
            models: models)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await EnclaveAgent(context: context).run(on: .tcp(host: "127.0.0.1", port: 0)) { continuation.yield($0 ?? 0) } }
        addTeardownBlock { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let bound = await iterator.next()
        let port = try XCTUnwrap(bound)
        return Agent(port: port, task: task, records: records, models: models)
    }

    /// A job's input as the producer writes it: under the data key, the job's context, small frames.
    private func produce(_ env: EnforcementEnvironment, _ plaintext: String, job: JobID, extraRawKey: Bool = false,
                         tenant: String? = nil) async throws -> ByteBuffer {
        let kms = try KMSKeyring(client: try env.kms(env.producer), keyIDs: [env.dataKeyARN])
        let keyring: any Keyring = extraRawKey
            ? try MultiKeyring(generator: kms, children: [try RawAESKeyring(keyNamespace: "host", keyName: "k", wrappingKey: Array(repeating: 7, count: 32))])
            : kms
        var options = EncryptOptions()
        options.frameLength = 4096
        options.encryptionContext = context(env, job, tenant: tenant)
        return try await EnvelopeClient(keyring: keyring).encrypt(ByteBuffer(string: plaintext), options: options)
    }

    /// A model as the model publisher writes it: under the data key, bound to the app with purpose `model`
    /// (or `purpose` instead), small frames. Encrypted as the producer, which the data key policy lets
    /// generate data keys for any context of this app, as it does the model publisher.
    private func produceModel(_ env: EnforcementEnvironment, _ plaintext: [UInt8], purpose: String = "model") async throws -> ByteBuffer {
        var options = EncryptOptions()
        options.frameLength = 4096
        options.encryptionContext = JobEncryptionContext.model(app: env.app)
        options.encryptionContext[JobEncryptionContext.purpose] = purpose
        return try await EnvelopeClient(keyring: try KMSKeyring(client: try env.kms(env.producer), keyIDs: [env.dataKeyARN]))
            .encrypt(ByteBuffer(bytes: plaintext), options: options)
    }

    private func context(_ env: EnforcementEnvironment, _ job: JobID, tenant: String? = nil) -> [String: String] {
        JobEncryptionContext.input(app: env.app, jobID: job, bucket: "jobs-bucket", key: job.jobKey(prefix: "jobs/"), tenant: tenant)
    }

    /// A submitter's tenant (the producer puts its token's `tenant` claim in the input's context) stays with
    /// the job: the result carries it, so a reader can require it.
    func testTheResultCarriesTheInputsTenant() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        let answer = try await send(try await produce(env, "amount\n1\n", job: job, tenant: "acme"), job: job.text,
                                    expectedContext: context(env, job), to: agent, credentials: env.consumer)
        guard case .result(let message) = answer else { return XCTFail("\(answer)") }
        let reader = EnvelopeClient(keyring: try KMSKeyring(client: try env.kms(env.resultReader), keyIDs: [env.resultsKeyARN]))
        var options = DecryptOptions()
        options.encryptionContext = JobEncryptionContext.result(app: env.app, jobID: job, tenant: "acme")
        let (plaintext, header) = try await reader.decrypt(message, options: options)
        XCTAssertEqual(String(buffer: plaintext), "AMOUNT\n1\n")
        XCTAssertEqual(header.encryptionContext[JobEncryptionContext.tenant], "acme")
    }

    enum Answer: Equatable {
        case result(ByteBuffer)
        case failure(JobFailure)
    }

    /// Plays the host: sends the request and the ciphertext in 1,000-byte frames, reads the answer.
    private func send(_ ciphertext: ByteBuffer, job: String, expectedContext: [String: String], to agent: Agent,
                      credentials: EnforcementEnvironment.Caller, purpose: JobRequest.Purpose = .job) async throws -> Answer {
        let channel = try await JobTransport().connect(to: .tcp(host: "127.0.0.1", port: agent.port))
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.request(JobRequest(
                purpose: purpose, jobID: job, ciphertextBytes: UInt64(ciphertext.readableBytes),
                credentials: JobCredentials(accessKeyID: credentials.credentials.accessKeyID, secretAccessKey: credentials.credentials.secretAccessKey),
                expectedContext: expectedContext)))
            var rest = ciphertext
            // An agent that refuses at once (unavailable) closes while the frames are still being written.
            do {
                while rest.readableBytes > 0 { try await outbound.write(.data(rest.readSlice(length: min(1000, rest.readableBytes))!)) }
                try await outbound.write(.end)
            } catch {}
            var result = ByteBuffer()
            for try await frame in inbound {
                switch frame {
                case .heartbeat: continue
                case .data(var chunk): result.writeBuffer(&chunk)
                case .end: return .result(result)
                case .failure(let failure):
                    XCTAssertEqual(result.readableBytes, 0, "a failure came after result bytes")
                    return .failure(failure)
                default: XCTFail("unexpected \(frame.kind)")
                }
            }
            throw JobFailure(.internal, "the agent closed the connection without an answer")
        }
    }

    /// What the processor recorded for `job`, nil if it never ran for it.
    private func seen(_ agent: Agent, _ job: JobID) -> String? {
        (try? Data(contentsOf: agent.records.appendingPathComponent(job.text))).map { String(decoding: $0, as: UTF8.self) }
    }

    private func assertRefused(_ answer: Answer, _ code: JobFailure.Code, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard case .failure(let failure) = answer else { return XCTFail("expected a \(code) failure, got a result", file: file, line: line) }
        XCTAssertEqual(failure.code, code, failure.message, file: file, line: line)
        XCTAssertTrue(failure.message.contains(text), "\(failure.message) does not mention \(text)", file: file, line: line)
    }

    func testAJobComesBackEncryptedUnderTheResultsKeyWithTheResultContext() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        let input = String(repeating: "amount,hour\n125.50,23\n", count: 600)
        let answer = try await send(try await produce(env, input, job: job), job: job.text, expectedContext: context(env, job), to: agent,
                                    credentials: env.consumer)
        guard case .result(let message) = answer else { return XCTFail("\(answer)") }
        XCTAssertEqual(seen(agent, job), input)

        // A result reader pins the results key and requires the result context of this job.
        let reader = EnvelopeClient(keyring: try KMSKeyring(client: try env.kms(env.resultReader), keyIDs: [env.resultsKeyARN]))
        var options = DecryptOptions()
        options.encryptionContext = JobEncryptionContext.result(app: env.app, jobID: job, tenant: nil)
        let (plaintext, header) = try await reader.decrypt(message, options: options)
        XCTAssertEqual(String(buffer: plaintext), input.uppercased())
        XCTAssertEqual(header.encryptionContext[JobEncryptionContext.purpose], "result")
        XCTAssertEqual(header.encryptedDataKeys.map { String(decoding: $0.providerInfo, as: UTF8.self) }, [env.resultsKeyARN])

        // The same result read as another job's is refused.
        options.encryptionContext = JobEncryptionContext.result(app: env.app, jobID: JobID.generate(), tenant: nil)
        do {
            _ = try await reader.decrypt(message, options: options)
            XCTFail("a result was accepted as another job's")
        } catch let error as EnvelopeError {
            XCTAssertEqual(error.kind, .encryptionContext)
        }
    }

    func testATruncatedInputYieldsNoResultThoughTheProcessorSawItsFirstFrames() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        // Larger than a pipe's buffer, so the processor has read some of it when the agent stops it.
        let input = String((0..<300_000).map { _ in "abcdefghij".randomElement()! })
        var ciphertext = try await produce(env, input, job: job)
        let truncated = ciphertext.readSlice(length: ciphertext.readableBytes - 3 * 4096)!
        let answer = try await send(truncated, job: job.text, expectedContext: context(env, job), to: agent, credentials: env.consumer)
        assertRefused(answer, .invalidCiphertext, mentioning: "truncated")
        let partial = try XCTUnwrap(seen(agent, job), "the processor should have run")
        XCTAssertGreaterThan(partial.count, 4096, "the processor saw the verified first frames")
        XCTAssertTrue(input.hasPrefix(partial))
        XCTAssertLessThan(partial.count, input.count)
    }

    func testAnAlteredByteYieldsNoResult() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        var ciphertext = try await produce(env, String(repeating: "x", count: 20_000), job: job)
        let index = ciphertext.readerIndex + ciphertext.readableBytes - 5000
        ciphertext.setInteger(ciphertext.getInteger(at: index, as: UInt8.self)! ^ 1, at: index)
        let answer = try await send(ciphertext, job: job.text, expectedContext: context(env, job), to: agent, credentials: env.consumer)
        assertRefused(answer, .invalidCiphertext, mentioning: "authentication")
    }

    func testAnObjectSwappedInFromAnotherJobIsRefusedBeforeTheProcessorRuns() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let other = JobID.generate(), job = JobID.generate()
        let ciphertext = try await produce(env, "someone else's data", job: other)
        let answer = try await send(ciphertext, job: job.text, expectedContext: [:], to: agent, credentials: env.consumer)
        assertRefused(answer, .refusedInput, mentioning: "nitroforge:job")
        XCTAssertNil(seen(agent, job))
        XCTAssertNil(seen(agent, other))
    }

    func testAContextThatDiffersFromTheMessageIsRefused() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        var expected = context(env, job)
        expected[JobEncryptionContext.bucket] = "another-bucket"
        let answer = try await send(try await produce(env, "data", job: job), job: job.text, expectedContext: expected, to: agent,
                                    credentials: env.consumer)
        assertRefused(answer, .refusedInput, mentioning: "nitroforge:bucket")
        XCTAssertNil(seen(agent, job))
    }

    func testAnExtraNonKMSDataKeyIsRefused() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        let answer = try await send(try await produce(env, "data", job: job, extraRawKey: true), job: job.text,
                                    expectedContext: context(env, job), to: agent, credentials: env.consumer)
        assertRefused(answer, .refusedInput, mentioning: "not aws-kms")
        XCTAssertNil(seen(agent, job))
    }

    func testAnEnclaveWhosePCR0IsNotAllowedProcessesNothing() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, pcr0: Array(repeating: 0x5a, count: 48))
        let job = JobID.generate()
        let answer = try await send(try await produce(env, "data", job: job), job: job.text, expectedContext: context(env, job), to: agent,
                                    credentials: env.consumer)
        assertRefused(answer, .kms, mentioning: "AccessDenied")
        XCTAssertNil(seen(agent, job))
    }

    func testAFailingProcessorYieldsAProcessorFailure() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, failingProcessor: true)
        let job = JobID.generate()
        let answer = try await send(try await produce(env, "data", job: job), job: job.text, expectedContext: context(env, job), to: agent,
                                    credentials: env.consumer)
        assertRefused(answer, .processor, mentioning: "exited(3)")
    }

    func testAMalformedConversationIsAnsweredWithBadRequest() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env)
        let job = JobID.generate()
        var ciphertext = try await produce(env, "data", job: job)
        // Announces one byte more than it sends.
        let channel = try await JobTransport().connect(to: .tcp(host: "127.0.0.1", port: agent.port))
        let failure: JobFailure? = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.request(JobRequest(jobID: job.text, ciphertextBytes: UInt64(ciphertext.readableBytes + 1),
                                                         credentials: JobCredentials(accessKeyID: env.consumer.credentials.accessKeyID,
                                                                                     secretAccessKey: env.consumer.credentials.secretAccessKey))))
            try await outbound.write(.data(ciphertext.readSlice(length: ciphertext.readableBytes)!))
            try await outbound.write(.end)
            for try await frame in inbound { if case .failure(let failure) = frame { return failure } }
            return nil
        }
        XCTAssertEqual(failure?.code, .badRequest, "\(String(describing: failure))")
        XCTAssertNil(seen(agent, job))
    }

    // MARK: - The model

    /// What the processor read from `NITROFORGE_MODEL` for `job`, nil if it saw no model.
    private func modelSeen(_ agent: Agent, _ job: JobID) -> [UInt8]? {
        (try? Data(contentsOf: agent.records.appendingPathComponent("\(job.text).model"))).map { Array($0) }
    }

    /// Files in the model folder (staged or installed), none when the folder was never made.
    private func modelFolder(_ agent: Agent) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: agent.models.directory.path)) ?? []
    }

    private func sendJob(_ env: EnforcementEnvironment, _ input: String, to agent: Agent) async throws -> (JobID, Answer) {
        let job = JobID.generate()
        let answer = try await send(try await produce(env, input, job: job), job: job.text, expectedContext: context(env, job), to: agent,
                                    credentials: env.consumer)
        return (job, answer)
    }

    private static let modelKey = "models/scorer.esdk"

    /// Several frames of bytes of every value, so a copy that altered any byte (text decoding, a lost frame) shows.
    private static func modelPlaintext() -> [UInt8] {
        (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
    }

    func testAJobBeforeTheModelIsUnavailableAndTheProcessorNeverRuns() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, requiresModel: true)
        let (job, answer) = try await sendJob(env, "amount\n1\n", to: agent)
        assertRefused(answer, .unavailable, mentioning: "the model has not arrived")
        XCTAssertNil(seen(agent, job), "the processor never ran")
        XCTAssertEqual(modelFolder(agent), [])
    }

    func testAfterTheModelArrivesJobsRunAndTheProcessorReadsExactlyTheModel() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, requiresModel: true)
        let model = Self.modelPlaintext()
        let answer = try await send(try await produceModel(env, model), job: Self.modelKey, expectedContext: [:], to: agent,
                                    credentials: env.consumer, purpose: .model)
        XCTAssertEqual(answer, .result(ByteBuffer()), "a model is answered with end and no data")
        XCTAssertEqual(modelFolder(agent), ["model"], "only the installed model, no staged file left")
        let attributes = try FileManager.default.attributesOfItem(atPath: agent.models.modelPath)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o440, "the processor may only read the model")
        let folder = try FileManager.default.attributesOfItem(atPath: agent.models.directory.path)
        XCTAssertEqual((folder[.posixPermissions] as? NSNumber)?.intValue, 0o700, "outside an enclave the folder is private")

        let input = "amount,hour\n125.50,23\n"
        let (job, result) = try await sendJob(env, input, to: agent)
        guard case .result(let message) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(seen(agent, job), input)
        XCTAssertEqual(modelSeen(agent, job), model, "the processor read exactly the model's plaintext")
        let reader = EnvelopeClient(keyring: try KMSKeyring(client: try env.kms(env.resultReader), keyIDs: [env.resultsKeyARN]))
        var options = DecryptOptions()
        options.encryptionContext = JobEncryptionContext.result(app: env.app, jobID: job, tenant: nil)
        let (plaintext, _) = try await reader.decrypt(message, options: options)
        XCTAssertEqual(String(buffer: plaintext), input.uppercased())
    }

    func testAModelWhoseContextSaysInputIsRefusedAndJobsStayUnavailable() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, requiresModel: true)
        let answer = try await send(try await produceModel(env, Self.modelPlaintext(), purpose: "input"), job: Self.modelKey,
                                    expectedContext: [:], to: agent, credentials: env.consumer, purpose: .model)
        assertRefused(answer, .refusedInput, mentioning: "nitroforge:purpose")
        XCTAssertEqual(modelFolder(agent), [])
        let (job, after) = try await sendJob(env, "data", to: agent)
        assertRefused(after, .unavailable, mentioning: "the model has not arrived")
        XCTAssertNil(seen(agent, job))
    }

    func testATruncatedModelIsRefusedAndNoModelFileAppears() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, requiresModel: true)
        var ciphertext = try await produceModel(env, Self.modelPlaintext())
        let truncated = ciphertext.readSlice(length: ciphertext.readableBytes - 3 * 4096)!
        let answer = try await send(truncated, job: Self.modelKey, expectedContext: [:], to: agent, credentials: env.consumer, purpose: .model)
        assertRefused(answer, .invalidCiphertext, mentioning: "truncated")
        XCTAssertEqual(modelFolder(agent), [], "the staged file is removed")
        let (job, after) = try await sendJob(env, "data", to: agent)
        assertRefused(after, .unavailable, mentioning: "the model has not arrived")
        XCTAssertNil(seen(agent, job))
    }

    func testAnHTTPProcessorStartsOnlyOnceTheModelArrivedAndRestartsForANewOne() async throws {
        let env = try await Self.shared.get()
        let agent = try await startAgent(env, requiresModel: true)
        // Stands in for an http server: records the model it was started with, then waits to be stopped.
        let script = "cp \"$NITROFORGE_MODEL\" '\(agent.records.path)'/server-$$ && exec sleep 600"
        let supervisor = ProcessorSupervisor(argv: ["/bin/sh", "-c", script], user: nil, url: URL(string: "http://127.0.0.1:9")!,
                                             logger: Logger(label: "supervisor-test"), models: agent.models)
        let task = Task { await supervisor.run() }
        addTeardownBlock {
            task.cancel()
            await task.value
        }
        func starts() throws -> [[UInt8]] {
            try FileManager.default.contentsOfDirectory(atPath: agent.records.path).filter { $0.hasPrefix("server-") }.sorted()
                .map { Array(try Data(contentsOf: agent.records.appendingPathComponent($0))) }
        }
        try await Task.sleep(for: .milliseconds(500))
        XCTAssertEqual(try starts().count, 0, "no server before the model")

        let first = Self.modelPlaintext(), second = Array(first.reversed())
        for (index, model) in [first, second].enumerated() {
            let answer = try await send(try await produceModel(env, model), job: Self.modelKey, expectedContext: [:], to: agent,
                                        credentials: env.consumer, purpose: .model)
            XCTAssertEqual(answer, .result(ByteBuffer()))
            let deadline = ContinuousClock.now + .seconds(10)
            while try starts().count < index + 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            XCTAssertEqual(try starts().count, index + 1, "one server start per model")
            XCTAssertTrue(try starts().contains(model), "the server started with the model that just arrived")
        }
        // The server of the first model was stopped, not left beside the new one.
        let pids = try FileManager.default.contentsOfDirectory(atPath: agent.records.path).compactMap { Int32($0.dropFirst("server-".count)) }
        XCTAssertEqual(pids.count, 2)
        let deadline = ContinuousClock.now + .seconds(5)
        while pids.filter({ kill($0, 0) == 0 }).count > 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        XCTAssertEqual(pids.filter { kill($0, 0) == 0 }.count, 1, "one server runs")
    }
}
