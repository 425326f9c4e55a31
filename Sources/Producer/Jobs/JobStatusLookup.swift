import AWSCore
import AWSS3
import JobProtocol

/// `GET /v1/jobs/{id}` without reading any plaintext or keeping state: the result object means `done`, a
/// `results/<jobId>.failed` marker (written by the host agent when a job reaches the DLQ) means `failed`, the
/// job object alone means `pending`. Each object carries its submitter's owner hash; anyone else gets 404,
/// the same answer as for a job that does not exist, so job ids cannot be probed.
struct JobStatusLookup: Sendable {
    let s3: S3Client
    let bucket: String
    let jobsPrefix: String

    enum Status: String, Sendable {
        case pending
        case done
        case failed
    }

    static let failedSuffix = ".failed"

    func status(of jobID: JobID, for principal: Principal) async throws(APIError) -> Status {
        let owner = JobSubmitter.owner(of: principal)
        let candidates: [(String, Status)] = [
            (jobID.resultKey(), .done),
            ("\(JobID.resultsPrefix)\(jobID.text)\(Self.failedSuffix)", .failed),
            (jobID.jobKey(prefix: jobsPrefix), .pending),
        ]
        for (key, status) in candidates {
            guard let metadata = try await head(key) else { continue }
            guard metadata.metadata[JobSubmitter.ownerMetadata] == owner else { break }
            return status
        }
        throw APIError(.notFound, "no job \(jobID.text) submitted by this caller")
    }

    /// nil when the object does not exist. Without `s3:ListBucket` S3 answers 403 for a missing key, so 403 counts as absent too.
    private func head(_ key: String) async throws(APIError) -> S3ObjectMetadata? {
        do {
            return try await s3.headObject(bucket: bucket, key: key)
        } catch let error as AWSServiceError where error.statusCode == 404 || error.statusCode == 403 {
            return nil
        } catch {
            throw APIError(.serviceUnavailable, "AWS failed while looking up the job: \(error)", retryAfter: 1)
        }
    }
}
