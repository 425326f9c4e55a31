import AWSCore
import AWSS3
import JobProtocol
import NIOCore
import NitroFormats

/// The host's writes to the jobs bucket: results, failure markers and input deletion. Keys derive from the
/// job id alone, so a retried job overwrites its result instead of adding a second one.
struct ResultStore: Sendable {
    let s3: S3Client
    let storage: HostConfiguration.Storage

    /// Object metadata naming the submitter (the producer's `JobSubmitter.ownerMetadata`); the producer's
    /// status lookup answers only the owner, so results and markers carry the input's value.
    static let ownerMetadata = "nitroforge-owner"
    /// The marker the producer's status lookup reads as `failed`.
    static let failedSuffix = ".failed"

    func resultKey(_ jobID: JobID) -> String { jobID.resultKey(prefix: storage.resultsPrefix) }
    func failureKey(_ jobID: JobID) -> String { storage.resultsPrefix + jobID.text + Self.failedSuffix }
    func inputKey(_ jobID: JobID) -> String { jobID.jobKey(prefix: storage.jobsPrefix) }

    private func options(owner: String?, contentType: String) -> S3PutOptions {
        var options = storage.storageKeyArn.map { S3PutOptions.sseKMS(keyID: $0) } ?? S3PutOptions()
        options.contentType = contentType
        if let owner { options.metadata = [Self.ownerMetadata: owner] }
        return options
    }

    /// Streams the enclave's result into `<resultsPrefix><jobId>.esdk`. When `result` throws (the enclave
    /// failed or vanished mid-result), `upload` stores nothing: a small result is never put, a multipart one
    /// is aborted. The result stream's own error is rethrown as is.
    func storeResult<Result: AsyncSequence>(_ result: Result, jobID: JobID, owner: String?) async throws -> Int64
    where Result.Element == ByteBuffer {
        let key = resultKey(jobID)
        do {
            let uploaded = try await s3.upload(bucket: storage.bucket, key: key, body: result,
                                               options: options(owner: owner, contentType: "application/octet-stream"))
            return uploaded.size
        } catch let error as HostJobError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw HostJobError.resultNotStored(key: key, reason: "\(error)")
        }
    }

    /// Writes `<resultsPrefix><jobId>.failed` as `{"code","message"}` with the input's owner, so the
    /// producer reports the job failed once it is on its way to the DLQ. The owner is read from the input.
    func writeFailureMarker(jobID: JobID, error: HostJobError) async throws {
        let owner = try? await s3.headObject(bucket: storage.bucket, key: inputKey(jobID)).metadata[Self.ownerMetadata]
        let body = #"{"code":"# + JSONStringLiteral.quote(error.code) + #","message":"# + JSONStringLiteral.quote(error.description) + "}"
        _ = try await s3.putObject(bucket: storage.bucket, key: failureKey(jobID), buffer: ByteBuffer(string: body),
                                   options: options(owner: owner, contentType: "application/json"))
    }

    func deleteInput(jobID: JobID) async throws {
        try await s3.deleteObject(bucket: storage.bucket, key: inputKey(jobID))
    }
}
