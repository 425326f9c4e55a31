import AWSCore
import AWSS3
import JobProtocol
import Logging

/// Sends the configured model to the enclave once: the object from S3, streamed as a `model` request (its
/// key as the request's id, the model context `{app, purpose: model}` as the expected context), then waits
/// for the enclave's `end`. Like a job it moves ciphertext only; the model's bytes are never logged.
struct ModelSender: Sendable {
    let model: HostConfiguration.Model
    let app: String
    let address: EnclaveAddress
    let s3: S3Client
    let credentials: any CredentialProvider
    let transport: JobTransport

    /// Returns the ciphertext bytes sent once the enclave accepted the model.
    func send() async throws(ModelDeliveryError) -> Int64 {
        do {
            return try await sendUntyped()
        } catch let error as HostJobError {
            throw ModelDeliveryError(model: model, reason: error)
        } catch {
            throw ModelDeliveryError(model: model, reason: .connectionLost(reason: "\(error)"))
        }
    }

    private func sendUntyped() async throws -> Int64 {
        let lent: AWSCredentials
        do {
            lent = try await credentials.credentials()
        } catch {
            throw HostJobError.credentialsUnavailable(reason: "\(error)")
        }
        let object: S3Object
        do {
            object = try await s3.getObject(bucket: model.bucket, key: model.key)
        } catch {
            throw HostJobError.inputUnavailable(key: model.key, reason: "\(error)")
        }
        guard let length = object.metadata.contentLength else {
            throw HostJobError.inputUnavailable(key: model.key, reason: "S3 gave no content length")
        }
        let channel: JobChannel
        do {
            channel = try await transport.connect(to: address)
        } catch {
            throw HostJobError.enclaveUnreachable(address: address.description, reason: "\(error)")
        }
        let request = JobRequest(
            purpose: .model, jobID: model.key, ciphertextBytes: UInt64(length),
            credentials: JobCredentials(accessKeyID: lent.accessKeyID, secretAccessKey: lent.secretAccessKey, sessionToken: lent.sessionToken),
            expectedContext: JobEncryptionContext.model(app: app))
        let progress = JobProgress()
        try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    _ = try await CiphertextUpload(chunkLimit: transport.limits.data)
                        .send(request, body: object.body, length: length, key: model.key, to: outbound, progress: progress)
                }
                group.addTask {
                    // The answer to a model is `end` alone (or a failure, which the stream throws).
                    for try await _ in EnclaveResultStream(inbound: inbound, progress: progress) {
                        throw HostJobError.protocolViolation("result data in answer to a model")
                    }
                }
                try await group.waitForAll()
            }
        }
        return length
    }
}

/// The model did not reach the enclave, and why (S3, the connection, or the enclave's refusal).
public struct ModelDeliveryError: Error, Sendable, CustomStringConvertible {
    public let model: HostConfiguration.Model
    public let reason: HostJobError

    public var description: String { "cannot send the model s3://\(model.bucket)/\(model.key) to the enclave: \(reason)" }
}
