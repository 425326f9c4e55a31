import AWSCore
import AWSKMS
import EnclaveKMS
import Envelope
import Foundation
import JobProtocol
import Logging
import NIOCore

/// One job on one connection: the request, the ciphertext stream, decryption inside the enclave, the
/// processor, and the encrypted result or a failure. Nothing is sent back but heartbeats until the input
/// has verified as a whole and the processor has finished, so a truncated or altered input yields a
/// failure and no result, whatever the processor already read.
struct JobSession: Sendable {
    let context: EnclaveContext
    static let heartbeatInterval = Duration.seconds(5)

    func run(_ channel: JobChannel) async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                let reader = FrameReader(inbound)
                let first = try await reader.next()
                // A connection closed before its first frame is a probe (a readiness check), not a job.
                guard let first else { return }
                guard case .request(let request) = first else {
                    try await outbound.write(.failure(JobFailure(.badRequest, "the first frame must be a request")))
                    await finish(outbound, reader: reader)
                    return
                }
                let started = ContinuousClock.now
                var logger = context.logger
                logger[metadataKey: "job"] = "\(request.jobID.prefix(64))"
                logger.info("job received", metadata: ["ciphertextBytes": "\(request.ciphertextBytes)"])
                let outcome = await withHeartbeats(outbound) {
                    try await withTimeout(.seconds(context.configuration.limits.jobTimeoutSeconds)) {
                        try await process(request, reader: reader)
                    }
                }
                switch outcome {
                case .success(let message):
                    var message = message
                    while message.readableBytes > 0 {
                        try await outbound.write(.data(message.readSlice(length: min(message.readableBytes, JobFrameLimits.default.data))!))
                    }
                    try await outbound.write(.end)
                    logger.info("job done", metadata: ["seconds": "\((ContinuousClock.now - started).seconds)"])
                case .failure(let error):
                    let failure = JobSession.failure(for: error)
                    logger.warning("job failed", metadata: ["code": "\(failure.code)", "reason": "\(failure.message)"])
                    try await outbound.write(.failure(failure))
                }
                await finish(outbound, reader: reader)
            }
        } catch {
            context.logger.warning("job connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Half-closes after the answer and waits (at most 30 s) for the host to close its side. Returning at once
    /// would close the channel while frames of a large result may still be in its buffer, and a close drops them.
    private func finish(_ outbound: NIOAsyncChannelOutboundWriter<JobFrame>, reader: FrameReader) async {
        outbound.finish()
        _ = try? await withTimeout(.seconds(30)) {
            while try await reader.next() != nil {}
            return true
        }
    }

    /// A job: decrypts, processes and encrypts, and returns the result message. A model: installs it and
    /// returns an empty answer (`end` alone).
    private func process(_ request: JobRequest, reader: FrameReader) async throws -> ByteBuffer {
        switch request.purpose {
        case .model:
            try await receiveModel(request, reader: reader)
            return ByteBuffer()
        case .job:
            return try await processJob(request, reader: reader)
        }
    }

    private func processJob(_ request: JobRequest, reader: FrameReader) async throws -> ByteBuffer {
        let configuration = context.configuration
        guard let jobID = JobID(request.jobID) else { throw JobFailure(.badRequest, "job id \"\(request.jobID.prefix(64))\" is not a UUIDv7") }
        // Refused before a byte of ciphertext is read or a KMS call made: the host sends the model and retries.
        let modelPath = await context.models.path
        if configuration.requiresModel, modelPath == nil { throw JobFailure(.unavailable, "the model has not arrived") }
        let (tap, kms, keys, admitted) = try await open(request, reader: reader, jobID: jobID.text, purpose: .input,
                                                        maxPlaintextBytes: configuration.limits.maxPayloadBytes)
        let output: ByteBuffer
        do {
            output = try await context.processor.process(
                tap.sequence, job: ProcessorJob(jobID: jobID.text, maxResultBytes: configuration.maxResultBytes, modelPath: modelPath))
            try await tap.drain()
        } catch {
            // An input that failed to verify is the reason, whatever the processor made of it.
            if let failure = tap.failure { throw failure }
            throw error
        }
        guard tap.finished else { throw JobFailure(.internal, "the input was not read to its end") }

        var encrypt = EncryptOptions()
        encrypt.encryptionContext = JobEncryptionContext.result(app: configuration.app, jobID: jobID, tenant: admitted.tenant)
        return try await EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [keys.resultsKeyARN])).encrypt(output, options: encrypt)
    }

    /// The request's ciphertext as plaintext, admitted (header, data keys, context) before the returned tap
    /// hands out a byte: `jobID` nil checks no `nitroforge:job` (a model). Also returns the KMS client, the
    /// keys and the admitted context, for the result.
    func open(_ request: JobRequest, reader: FrameReader, jobID: String?, purpose: JobEncryptionContext.Purpose,
              maxPlaintextBytes: Int) async throws -> (InputTap<DecryptingSequence<CiphertextFrames>>, RecipientKMS, EnclaveKeys, AdmittedContext) {
        let configuration = context.configuration
        let maxCiphertext = UInt64(maxPlaintextBytes) + UInt64(maxPlaintextBytes / 1024) + (1 << 20)
        guard request.ciphertextBytes <= maxCiphertext else {
            throw JobFailure(.refusedInput, "\(request.ciphertextBytes) ciphertext bytes, more than \(maxPlaintextBytes) plaintext bytes can be")
        }
        let credentials = AWSCredentials(accessKeyID: request.credentials.accessKeyID, secretAccessKey: request.credentials.secretAccessKey,
                                         sessionToken: request.credentials.sessionToken)
        let kms = RecipientKMS(kms: context.kms(signingWith: credentials), nsm: context.nsm, keyPair: context.keyPair)
        let keys = try await context.keys.keys(resolvingWith: kms.kms, configuration: configuration)

        let admitted = AdmittedContext()
        let admission = InputAdmission(
            underlying: DefaultCryptographicMaterialsManager(keyring: try KMSKeyring(client: kms, keyIDs: [keys.dataKeyARN])),
            app: configuration.app, dataKeyARN: keys.dataKeyARN, jobID: jobID, purpose: purpose,
            expectedContext: request.expectedContext, maxEncryptedDataKeys: configuration.limits.maxEncryptedDataKeys, admitted: admitted)
        var options = DecryptOptions()
        options.maxEncryptedDataKeys = configuration.limits.maxEncryptedDataKeys
        let plaintext = EnvelopeClient(materialsManager: admission)
            .decrypt(CiphertextFrames(reader: reader, announcedBytes: request.ciphertextBytes), options: options)
        let tap = InputTap(plaintext, maxBytes: maxPlaintextBytes)
        try await tap.prime()
        return (tap, kms, keys, admitted)
    }

    /// Sends a heartbeat every few seconds while `body` runs, so the host can tell a slow job from a lost one.
    private func withHeartbeats<T: Sendable>(
        _ outbound: NIOAsyncChannelOutboundWriter<JobFrame>, _ body: @escaping @Sendable () async throws -> T
    ) async -> Result<T, any Error> {
        await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.heartbeatInterval)
                    if Task.isCancelled { break }
                    try? await outbound.write(.heartbeat)
                }
                return nil
            }
            var result: Result<T, any Error> = .failure(JobFailure(.internal, "the job produced nothing"))
            for await value in group {
                if let value {
                    result = value
                    group.cancelAll()
                }
            }
            return result
        }
    }

    private func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw JobFailure(.timeout, "the job ran longer than \(limit)")
            }
            defer { group.cancelAll() }
            while let value = try await group.next() {
                if let value { return value }
            }
            throw JobFailure(.internal, "the job produced nothing")
        }
    }

    /// The code the host sees for an error; messages never carry plaintext or key material.
    static func failure(for error: any Error) -> JobFailure {
        switch error {
        case let failure as JobFailure: return failure
        case let refusal as InputRefusal: return JobFailure(.refusedInput, refusal.description)
        case let error as EnvelopeError:
            switch error.kind {
            case .policy, .encryptionContext: return JobFailure(.refusedInput, error.description)
            case .keyring: return JobFailure(.kms, error.description)
            default: return JobFailure(.invalidCiphertext, error.description)
            }
        case let error as EnclaveKeyError: return JobFailure(.kms, error.description)
        case let error as RecipientKMSError: return JobFailure(.kms, "\(error)")
        case let error as AWSServiceError: return JobFailure(.kms, "\(error)")
        case let error as ProcessorFailure: return JobFailure(.processor, error.description)
        case let error as JobFrameError: return JobFailure(.badRequest, error.description)
        case let error as ModelFileError: return JobFailure(.internal, error.description)
        default: return JobFailure(.internal, String(describing: error).prefix(300).description)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
