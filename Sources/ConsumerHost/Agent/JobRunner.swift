import AWSCore
import AWSS3
import AsyncHTTPClient
import JobProtocol
import Logging
import NIOCore

/// Runs one validated job: reads the input from S3, streams it to the enclave with the host's credentials,
/// and stores (or, without `storeResults`, drains) the enclave's answer. It moves ciphertext only and never
/// holds more than a frame of input or a part of the result.
struct JobRunner: Sendable {
    let configuration: HostConfiguration
    let s3: S3Client
    let credentials: any CredentialProvider
    let transport: JobTransport
    let store: ResultStore
    let logger: Logger

    struct Completed: Sendable {
        var inputBytes: Int64
        var resultBytes: Int64
        var heartbeats: Int
    }

    /// The largest ciphertext a job of `maxObjectBytes` plaintext can be: ESDK frames of at least 4 KiB add at
    /// most 36 bytes each (under 1/64), and a header with its data keys and context stays far below 1 MiB.
    var maxCiphertextBytes: Int64 {
        let plaintext = Int64(configuration.storage.maxObjectBytes)
        return plaintext + plaintext / 64 + (1 << 20)
    }

    func run(_ job: JobMessage, logger: Logger) async throws(HostJobError) -> Completed {
        do {
            return try await runUntyped(job, logger: logger)
        } catch let error as HostJobError {
            throw error
        } catch {
            throw .connectionLost(reason: "\(error)")
        }
    }

    private func runUntyped(_ job: JobMessage, logger: Logger) async throws -> Completed {
        let lent: AWSCredentials
        do {
            lent = try await credentials.credentials()
        } catch {
            throw HostJobError.credentialsUnavailable(reason: "\(error)")
        }
        let key = job.key
        let input: S3Object
        do {
            input = try await s3.getObject(bucket: job.bucket, key: key)
        } catch {
            throw HostJobError.inputUnavailable(key: key, reason: "\(error)")
        }
        guard let length = input.metadata.contentLength else {
            throw HostJobError.inputUnavailable(key: key, reason: "S3 gave no content length")
        }
        guard length <= maxCiphertextBytes else {
            throw HostJobError.inputTooLarge(key: key, bytes: length, limit: maxCiphertextBytes)
        }
        let owner = input.metadata.metadata[ResultStore.ownerMetadata]
        if owner == nil { logger.warning("job input has no owner metadata; the producer will not report its status") }

        let address = configuration.enclave.jobsAddress
        let channel: JobChannel
        do {
            channel = try await transport.connect(to: address)
        } catch {
            throw HostJobError.enclaveUnreachable(address: address.description, reason: "\(error)")
        }
        let request = JobRequest(
            purpose: .job, jobID: job.jobID.text, ciphertextBytes: UInt64(length),
            credentials: JobCredentials(accessKeyID: lent.accessKeyID, secretAccessKey: lent.secretAccessKey, sessionToken: lent.sessionToken),
            expectedContext: JobEncryptionContext.input(app: configuration.app, jobID: job.jobID, bucket: job.bucket, key: key, tenant: nil))
        let progress = JobProgress()
        let started = ContinuousClock.now
        let resultBytes = try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Int64?.self) { group in
                group.addTask {
                    if try await CiphertextUpload(chunkLimit: transport.limits.data)
                        .send(request, body: input.body, length: length, key: key, to: outbound, progress: progress) {
                        logger.info("job sent", metadata: [
                            "bytes": "\(length)", "ms": "\(started.duration(to: .now).milliseconds)",
                        ])
                    }
                    return nil
                }
                group.addTask {
                    let result = EnclaveResultStream(inbound: inbound, progress: progress)
                    if configuration.storage.storeResults {
                        return try await store.storeResult(result, jobID: job.jobID, owner: owner)
                    }
                    for try await _ in result {}
                    return 0
                }
                var stored: Int64 = 0
                while let part = try await group.next() {
                    if let part { stored = part }
                }
                return stored
            }
        }
        let counts = progress.counts
        return Completed(inputBytes: length, resultBytes: configuration.storage.storeResults ? resultBytes : counts.resultBytes,
                         heartbeats: counts.heartbeats)
    }
}

extension Duration {
    /// Whole milliseconds, for log lines.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
