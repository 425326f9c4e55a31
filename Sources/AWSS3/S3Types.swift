import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// How an object is stored: content type, server-side encryption, checksum and user metadata.
public struct S3PutOptions: Sendable {
    public var contentType: String?
    /// `aws:kms` for SSE-KMS (the project's buckets), `AES256` for SSE-S3.
    public var serverSideEncryption: String?
    /// The KMS key for SSE-KMS; the bucket's default when nil.
    public var sseKMSKeyID: String?
    public var bucketKeyEnabled: Bool?
    /// Computed over each buffered body or part and checked by S3. Streamed single puts carry none.
    public var checksumAlgorithm: S3ChecksumAlgorithm?
    /// `x-amz-meta-<name>` headers.
    public var metadata: [String: String]
    /// `If-None-Match: *`: S3 refuses the write with 412 when the key exists, so that one of several writers
    /// wins (records that several producer instances share).
    public var onlyIfAbsent: Bool = false

    public init(contentType: String? = nil, serverSideEncryption: String? = nil, sseKMSKeyID: String? = nil,
                bucketKeyEnabled: Bool? = nil, checksumAlgorithm: S3ChecksumAlgorithm? = .sha256, metadata: [String: String] = [:]) {
        self.contentType = contentType
        self.serverSideEncryption = serverSideEncryption
        self.sseKMSKeyID = sseKMSKeyID
        self.bucketKeyEnabled = bucketKeyEnabled
        self.checksumAlgorithm = checksumAlgorithm
        self.metadata = metadata
    }

    /// SSE-KMS with `keyID` (and a bucket key, which cuts KMS calls).
    public static func sseKMS(keyID: String?, checksum: S3ChecksumAlgorithm? = .sha256) -> S3PutOptions {
        S3PutOptions(serverSideEncryption: "aws:kms", sseKMSKeyID: keyID, bucketKeyEnabled: true, checksumAlgorithm: checksum)
    }

    /// The headers of PutObject and CreateMultipartUpload (not the per-body checksum).
    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "content-type", value: contentType) }
        if let serverSideEncryption { headers.add(name: "x-amz-server-side-encryption", value: serverSideEncryption) }
        if let sseKMSKeyID { headers.add(name: "x-amz-server-side-encryption-aws-kms-key-id", value: sseKMSKeyID) }
        if let bucketKeyEnabled { headers.add(name: "x-amz-server-side-encryption-bucket-key-enabled", value: bucketKeyEnabled ? "true" : "false") }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.add(name: "x-amz-meta-\(name.lowercased())", value: value) }
        if onlyIfAbsent { headers.add(name: "if-none-match", value: "*") }
        return headers
    }
}

/// What S3 says about a stored object (HeadObject, GetObject, and the end of an upload).
public struct S3ObjectMetadata: Sendable, Equatable {
    public var contentLength: Int64?
    public var eTag: String?
    public var contentType: String?
    public var versionID: String?
    public var serverSideEncryption: String?
    public var sseKMSKeyID: String?
    /// `x-amz-checksum-sha256` / `-crc32` when S3 returned them.
    public var checksums: [S3ChecksumAlgorithm: String]
    /// `x-amz-meta-*` without the prefix.
    public var metadata: [String: String]

    init(headers: HTTPHeaders) {
        contentLength = headers.first(name: "content-length").flatMap { Int64($0) }
        eTag = headers.first(name: "etag")
        contentType = headers.first(name: "content-type")
        versionID = headers.first(name: "x-amz-version-id")
        serverSideEncryption = headers.first(name: "x-amz-server-side-encryption")
        sseKMSKeyID = headers.first(name: "x-amz-server-side-encryption-aws-kms-key-id")
        checksums = [:]
        for algorithm in S3ChecksumAlgorithm.allCases {
            if let value = headers.first(name: algorithm.headerName) { checksums[algorithm] = value }
        }
        metadata = [:]
        for (name, value) in headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
    }
}

/// An object being read: its metadata and its body, an `AsyncSequence` of `ByteBuffer` to consume once.
public struct S3Object: Sendable {
    public var metadata: S3ObjectMetadata
    public var body: HTTPClientResponse.Body
}

/// One uploaded part, as CompleteMultipartUpload needs it.
public struct S3CompletedPart: Sendable, Equatable {
    public var partNumber: Int
    public var eTag: String
    public var checksum: (algorithm: S3ChecksumAlgorithm, value: String)?

    public static func == (lhs: S3CompletedPart, rhs: S3CompletedPart) -> Bool {
        lhs.partNumber == rhs.partNumber && lhs.eTag == rhs.eTag && lhs.checksum?.algorithm == rhs.checksum?.algorithm
            && lhs.checksum?.value == rhs.checksum?.value
    }
}

/// The result of PutObject, CompleteMultipartUpload or `upload`.
public struct S3UploadResult: Sendable, Equatable {
    public var eTag: String?
    public var versionID: String?
    /// Parts used (0 for a single PutObject).
    public var partCount: Int
    public var size: Int64
}
