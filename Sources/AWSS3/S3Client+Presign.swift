import AWSCore
import Foundation
import NIOHTTP1

extension S3Client {
    /// A presigned GET or PUT URL for `key`: anyone holding it can read or write that one object until it expires.
    public func presignedURL(_ method: HTTPMethod, bucket: String, key: String, expires: Int = 3600, date: Date? = nil) async throws -> String {
        let target = request(method, bucket: bucket, key: key)
        return try await client.presignedURL(method: method, path: target.path, hostPrefix: target.hostPrefix, expires: expires, date: date)
    }
}
