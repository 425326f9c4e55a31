import AWSCore
import AWSKMS
import AWSS3
import AWSSQS
import Foundation

/// `GET /readyz`: KMS, S3 and SQS reachable, checked only with calls the generated producer role either
/// grants or refuses: a refusal (`AccessDenied`) comes from the service, so it proves reachability as well as
/// a success does. What counts as not ready is a network failure, a server error, or a missing key or queue.
struct Readiness: Sendable {
    let kms: KMSClient
    let s3: S3Client
    let sqs: SQSClient
    let configuration: ProducerConfiguration

    /// Each dependency's name and nil when it is reachable, or what went wrong.
    func check() async -> [(String, String?)] {
        async let kmsProblem = probe { _ = try await kms.describeKey(DescribeKeyRequest(keyID: configuration.encryption.dataKey)) }
        async let s3Problem = probe(absentIsFine: true) {
            _ = try await s3.headObject(bucket: configuration.storage.bucket, key: "\(configuration.storage.jobsPrefix).readyz")
        }
        async let sqsProblem = probe {
            let name = configuration.queue.url.split(separator: "/").last.map(String.init) ?? configuration.queue.url
            _ = try await sqs.getQueueURL(name: name)
        }
        return await [("kms", kmsProblem), ("s3", s3Problem), ("sqs", sqsProblem)]
    }

    private func probe(absentIsFine: Bool = false, _ call: @Sendable () async throws -> Void) async -> String? {
        do {
            try await call()
            return nil
        } catch let error as AWSServiceError {
            let status = error.statusCode ?? 0
            if status == 403 || error.code.contains("AccessDenied") { return nil }
            if status == 404 && absentIsFine { return nil }
            return "\(error.code): \(error.message)"
        } catch {
            return "\(error)"
        }
    }
}
