import AWSS3
import AWSSQS
import Crypto
import Envelope
import Foundation
import JobProtocol
import Logging
import NIOCore
import NitroFormats

/// Steps 2–4 of the data path for one request: the body streamed through ESDK encryption into
/// `<jobsPrefix><jobId>.esdk`, then the job message. Nothing is left half-done: a failed upload is aborted,
/// and a failed send deletes the object, so a message never lacks its object and an object lacks its
/// message only if the process dies between the two (the bucket's lifecycle expires it).
struct JobSubmitter: Sendable {
    let configuration: ProducerConfiguration
    let envelope: EnvelopeClient
    let s3: S3Client
    let sqs: SQSClient
    let metrics: ProducerMetrics
    /// S3 parts of the encrypted stream: memory per upload stays near (concurrency + 1) × part size, so
    /// the smallest part S3 takes and one part in flight keep 16 concurrent uploads within 256 MiB.
    var partSize = 5 << 20
    var partConcurrency = 1

    /// Object metadata naming the submitter by the SHA-256 of its principal, so `GET /v1/jobs/{id}` answers
    /// only its submitter without the producer keeping any state of its own.
    static let ownerMetadata = "nitroforge-owner"

    static func owner(of principal: Principal) -> String {
        Hex.encode(SHA256.hash(data: Array(principal.id.utf8)))
    }

    func submit<Body: AsyncSequence & Sendable>(_ body: Body, principal: Principal, logger: Logger) async throws -> JobAccepted
    where Body.Element == ByteBuffer {
        let jobID = JobID.generate()
        let storage = configuration.storage
        let key = jobID.jobKey(prefix: storage.jobsPrefix)
        var options = EncryptOptions()
        options.suite = configuration.encryption.algorithm.suite
        options.frameLength = configuration.encryption.frameBytes
        options.encryptionContext = JobEncryptionContext.input(
            app: configuration.app, jobID: jobID, bucket: storage.bucket, key: key, tenant: principal.tenant)
        options.maxEncryptedDataKeys = 1

        let meter = MeteredBody<Body>.Meter()
        let plaintext = MeteredBody(base: body, limit: configuration.maxPayloadBytes, meter: meter)
        var putOptions = S3PutOptions.sseKMS(keyID: storage.storageKeyArn)
        putOptions.contentType = "application/octet-stream"
        putOptions.metadata = [Self.ownerMetadata: Self.owner(of: principal)]
        do {
            _ = try await s3.upload(bucket: storage.bucket, key: key, body: envelope.encrypt(plaintext, options: options),
                                    options: putOptions, partSize: partSize, concurrency: partConcurrency)
        } catch {
            throw Self.classify(error, during: "storing the encrypted job in s3://\(storage.bucket)/\(key)")
        }
        metrics.kmsCalls.increment()
        metrics.bytesIn.increment(by: Int64(meter.count))

        let message = JobMessage(jobID: jobID, bucket: storage.bucket, key: key, size: meter.count, sha256: meter.digest(),
                                 submittedAt: Date(), principal: principal.id)
        do {
            _ = try await sqs.sendMessage(queueURL: configuration.queue.url, SQSOutgoingMessage(body: message.encoded()))
        } catch {
            // The object must not outlive a job that was never queued. Its own task, so a cancelled request still deletes it.
            let deleted = await Task { try await s3.deleteObject(bucket: storage.bucket, key: key) }.result
            if case .failure(let deleteError) = deleted {
                logger.error("job object left without a message", metadata: [
                    "jobId": "\(jobID.text)", "key": "\(key)", "error": "\(deleteError)",
                ])
            }
            throw Self.classify(error, during: "queueing the job message on \(configuration.queue.url)")
        }
        logger.info("job accepted", metadata: [
            "jobId": "\(jobID.text)", "principal": "\(principal.id)", "size": "\(message.size)",
        ])
        return JobAccepted(message)
    }

    /// The body's own errors (too large, the client gone) keep their meaning; everything else is a
    /// dependency that failed, which a client may retry.
    static func classify(_ error: any Error, during step: String) -> APIError {
        switch error {
        case let error as APIError: error
        case let error as BodyReadError: APIError(.badRequest, "the request body could not be read to its end: \(error.reason)")
        default: APIError(.serviceUnavailable, "AWS failed while \(step): \(error)", retryAfter: 1)
        }
    }
}

/// The request body stopped before its end (the client disconnected, or sent less than its Content-Length).
struct BodyReadError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

extension ProducerConfiguration.Algorithm {
    var suite: AlgorithmSuite {
        switch self {
        case .commitKey: .aes256GCMHKDFSHA512CommitKey
        case .commitKeyECDSAP384: .aes256GCMHKDFSHA512CommitKeyECDSAP384
        }
    }
}
