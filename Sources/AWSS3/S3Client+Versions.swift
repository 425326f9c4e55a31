import AWSCore

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

    /// Deletes one version (or delete marker) for good.
    public func deleteObjectVersion(bucket: String, key: String, versionID: String) async throws {
        _ = try await client.send(request(.DELETE, bucket: bucket, key: key, query: [QueryItem("versionId", versionID)]), operation: "DeleteObject")
    }
}
