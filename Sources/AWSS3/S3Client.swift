import AWSCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Amazon S3 over its REST/XML protocol. Object bodies stream both ways as `AsyncSequence`s of
/// `ByteBuffer`; nothing holds a whole object in memory.
public struct S3Client: Sendable {
    public let client: AWSClient
    /// `/bucket/key` on the endpoint (with a custom endpoint, as moto and S3-compatible servers need),
    /// else `bucket.s3.<region>.amazonaws.com/key`.
    public let usesPathStyle: Bool

    public init(client: AWSClient, usesPathStyle: Bool? = nil) {
        precondition(client.service == .s3, "S3Client needs an AWSClient for the s3 service")
        self.client = client
        self.usesPathStyle = usesPathStyle ?? client.isCustomEndpoint
    }

    /// Region, `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL` (path-style then), `AWS_MAX_ATTEMPTS` and the default credential chain.
    public static func fromEnvironment(_ environment: AWSEnvironment = AWSEnvironment(), httpClient: HTTPClient = .aws) throws -> S3Client {
        S3Client(client: try AWSClient.fromEnvironment(service: .s3, environment: environment, httpClient: httpClient))
    }

    /// Creates a bucket (development and tests; production buckets come from Terraform).
    public func createBucket(_ bucket: String) async throws {
        var body = AWSRequestBody.empty
        if client.region != "us-east-1" {
            body = .buffer(ByteBuffer(string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>\(client.region)</LocationConstraint></CreateBucketConfiguration>"))
        }
        _ = try await client.send(request(.PUT, bucket: bucket, key: nil, body: body), operation: "CreateBucket")
    }

    /// PutObject from a buffer: the payload is signed and, with `options.checksumAlgorithm`, checked by S3.
    public func putObject(bucket: String, key: String, buffer: ByteBuffer, options: S3PutOptions = S3PutOptions()) async throws -> S3UploadResult {
        var request = request(.PUT, bucket: bucket, key: key, body: .buffer(buffer), headers: options.headers)
        if let algorithm = options.checksumAlgorithm {
            // The algorithm header is what the AWS SDKs send beside the value; S3 (and moto) store the checksum with it.
            request.headers.add(name: "x-amz-sdk-checksum-algorithm", value: algorithm.rawValue)
            request.headers.add(name: algorithm.headerName, value: algorithm.checksum(of: [buffer]))
        }
        let response = try await client.send(request, operation: "PutObject")
        return S3UploadResult(eTag: response.headers.first(name: "etag"), versionID: response.headers.first(name: "x-amz-version-id"),
                              partCount: 0, size: Int64(buffer.readableBytes))
    }

    /// PutObject streaming `body` (exactly `length` bytes) as it is read: signed as `UNSIGNED-PAYLOAD`,
    /// because the hash of a stream is known only at its end. Sent once, never retried.
    public func putObject<Body: AsyncSequence & Sendable>(bucket: String, key: String, body: Body, length: Int64,
                                                         options: S3PutOptions = S3PutOptions()) async throws -> S3UploadResult
    where Body.Element == ByteBuffer {
        let request = request(.PUT, bucket: bucket, key: key, body: .stream(.stream(body, length: .known(length)), payload: .unsigned),
                              headers: options.headers)
        let response = try await client.send(request, operation: "PutObject")
        return S3UploadResult(eTag: response.headers.first(name: "etag"), versionID: response.headers.first(name: "x-amz-version-id"),
                              partCount: 0, size: length)
    }

    /// GetObject: returns once the headers arrive; read `body` to stream the content. `range` is an
    /// HTTP range such as `bytes=0-1023`.
    public func getObject(bucket: String, key: String, range: String? = nil) async throws -> S3Object {
        var headers = HTTPHeaders()
        if let range { headers.add(name: "range", value: range) }
        let response = try await client.stream(request(.GET, bucket: bucket, key: key, headers: headers), operation: "GetObject")
        return S3Object(metadata: S3ObjectMetadata(headers: response.headers), body: response.body)
    }

    /// HeadObject: the metadata alone. A missing key is an `AWSServiceError` with status 404 and code `NotFound`.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectMetadata {
        var headers = HTTPHeaders()
        headers.add(name: "x-amz-checksum-mode", value: "ENABLED")
        let response = try await client.send(request(.HEAD, bucket: bucket, key: key, headers: headers), operation: "HeadObject")
        return S3ObjectMetadata(headers: response.headers)
    }

    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await client.send(request(.DELETE, bucket: bucket, key: key), operation: "DeleteObject")
    }

    /// A request for `bucket` (and `key`), addressed path-style or virtual-hosted.
    func request(_ method: HTTPMethod, bucket: String, key: String?, query: [QueryItem] = [], body: AWSRequestBody = .empty,
                 headers: HTTPHeaders = [:]) -> AWSRequest {
        let keyPath = key.map { "/" + URIEncoding.encode($0, keepSlash: true) } ?? (usesPathStyle ? "" : "/")
        if usesPathStyle {
            return AWSRequest(method: method, path: "/\(bucket)\(keyPath)", query: query, headers: headers, body: body)
        }
        return AWSRequest(method: method, path: keyPath, query: query, headers: headers, body: body, hostPrefix: "\(bucket).")
    }
}
