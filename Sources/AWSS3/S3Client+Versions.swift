import AWSCore
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// One version of an object, or a delete marker, as ListObjectVersions names it.
public struct S3ObjectVersion: Sendable, Equatable {
    public var key: String
    public var versionID: String
    public var isDeleteMarker: Bool
}

extension S3Client {
    /// Every version and delete marker in `bucket` (under `prefix`), following the pages: what a versioned
    /// bucket must lose before it can be deleted.
    public func listObjectVersions(bucket: String, prefix: String? = nil) async throws -> [S3ObjectVersion] {
        var versions: [S3ObjectVersion] = []
        var keyMarker: String?, versionMarker: String?
        repeat {
            var query = [QueryItem("versions", "")]
            if let prefix { query.append(QueryItem("prefix", prefix)) }
            if let keyMarker { query.append(QueryItem("key-marker", keyMarker)) }
            if let versionMarker { query.append(QueryItem("version-id-marker", versionMarker)) }
            let response = try await client.send(request(.GET, bucket: bucket, key: nil, query: query), operation: "ListObjectVersions")
            let root = try xml(response, "ListObjectVersions")
            for (name, marker) in [("Version", false), ("DeleteMarker", true)] {
                versions += root.children(name).map {
                    S3ObjectVersion(key: $0.child("Key")?.text ?? "", versionID: $0.child("VersionId")?.text ?? "null", isDeleteMarker: marker)
                }
            }
            let truncated = root.child("IsTruncated")?.text == "true"
            keyMarker = truncated ? root.child("NextKeyMarker")?.text : nil
            versionMarker = truncated ? root.child("NextVersionIdMarker")?.text : nil
        } while keyMarker != nil
        return versions
    }

    /// Deletes versions (and delete markers) for good, a thousand per DeleteObjects request, the most S3
    /// takes. S3 answers 200 even when some keys fail; those come back as `<Error>` and are thrown here.
    public func deleteObjectVersions(bucket: String, _ versions: [S3ObjectVersion]) async throws {
        for start in stride(from: 0, to: versions.count, by: 1000) {
            var body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
            for version in versions[start..<min(start + 1000, versions.count)] {
                body += "<Object><Key>\(XMLNode.escape(version.key))</Key><VersionId>\(XMLNode.escape(version.versionID))</VersionId></Object>"
            }
            body += "</Delete>"
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/xml")
            // DeleteObjects requires a digest of its body; Content-MD5 is the one every S3 accepts.
            headers.add(name: "content-md5", value: Data(Insecure.MD5.hash(data: Data(body.utf8))).base64EncodedString())
            let response = try await client.send(
                request(.POST, bucket: bucket, key: nil, query: [QueryItem("delete", "")], body: .buffer(ByteBuffer(string: body)), headers: headers),
                operation: "DeleteObjects")
            let result = try xml(response, "DeleteObjects")
            if let failed = result.children("Error").first ?? (result.name == "Error" ? result : nil) {
                let count = result.name == "Error" ? 1 : result.children("Error").count
                throw AWSServiceError(service: "s3", operation: "DeleteObjects", statusCode: Int(response.status.code),
                                      code: failed.child("Code")?.text ?? "InternalError",
                                      message: "\(count) of the versions were not deleted, the first \(failed.child("Key")?.text ?? "?"): \(failed.child("Message")?.text ?? "")",
                                      requestID: response.headers.first(name: "x-amz-request-id"))
            }
        }
    }
}
