import AWSCore
import NIOCore
import NIOHTTP1

extension S3Client {
    /// CreateMultipartUpload: the upload id that the parts and the completion name.
    public func createMultipartUpload(bucket: String, key: String, options: S3PutOptions = S3PutOptions()) async throws -> String {
        var headers = options.headers
        if let algorithm = options.checksumAlgorithm { headers.add(name: "x-amz-checksum-algorithm", value: algorithm.rawValue) }
        let response = try await client.send(
            request(.POST, bucket: bucket, key: key, query: [QueryItem("uploads", "")], headers: headers), operation: "CreateMultipartUpload")
        guard let uploadID = try xml(response, "CreateMultipartUpload")["UploadId"]?.text, !uploadID.isEmpty else {
            throw invalidResponse("CreateMultipartUpload", response, "no UploadId")
        }
        return uploadID
    }

    /// UploadPart (signed payload, optional checksum); parts are numbered from 1. `body` is the part's bytes
    /// in one or more buffers, so that a part cut from a stream is sent without copying it into one buffer.
    public func uploadPart(bucket: String, key: String, uploadID: String, partNumber: Int, body: [ByteBuffer],
                           checksumAlgorithm: S3ChecksumAlgorithm? = .sha256) async throws -> S3CompletedPart {
        var headers = HTTPHeaders()
        let checksum = checksumAlgorithm.map { ($0, $0.checksum(of: body)) }
        if let checksum { headers.add(name: checksum.0.headerName, value: checksum.1) }
        let query = [QueryItem("partNumber", String(partNumber)), QueryItem("uploadId", uploadID)]
        let response = try await client.send(
            request(.PUT, bucket: bucket, key: key, query: query, body: .buffers(body), headers: headers), operation: "UploadPart")
        guard let eTag = response.headers.first(name: "etag") else { throw invalidResponse("UploadPart", response, "no ETag") }
        return S3CompletedPart(partNumber: partNumber, eTag: eTag, checksum: checksum.map { (algorithm: $0.0, value: $0.1) })
    }

    /// CompleteMultipartUpload. S3 may answer 200 with an `<Error>` body; that is an error too.
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [S3CompletedPart]) async throws -> S3UploadResult {
        var body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            body += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(XMLNode.escape(part.eTag))</ETag>"
            if let checksum = part.checksum { body += "<\(checksum.algorithm.xmlName)>\(checksum.value)</\(checksum.algorithm.xmlName)>" }
            body += "</Part>"
        }
        body += "</CompleteMultipartUpload>"
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/xml")
        let response = try await client.send(
            request(.POST, bucket: bucket, key: key, query: [QueryItem("uploadId", uploadID)], body: .buffer(ByteBuffer(string: body)), headers: headers),
            operation: "CompleteMultipartUpload")
        let result = try xml(response, "CompleteMultipartUpload")
        if result.name == "Error" {
            throw AWSServiceError(service: "s3", operation: "CompleteMultipartUpload", statusCode: Int(response.status.code),
                                  code: result.child("Code")?.text ?? "InternalError", message: result.child("Message")?.text ?? "",
                                  requestID: result.child("RequestId")?.text)
        }
        return S3UploadResult(eTag: result.child("ETag")?.text, versionID: response.headers.first(name: "x-amz-version-id"),
                              partCount: parts.count, size: 0)
    }

    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        _ = try await client.send(request(.DELETE, bucket: bucket, key: key, query: [QueryItem("uploadId", uploadID)]),
                                  operation: "AbortMultipartUpload")
    }

    func xml(_ response: AWSResponse, _ operation: String) throws -> XMLNode {
        do {
            return try AWSXMLParser.parse(response.bodyBytes)
        } catch {
            throw invalidResponse(operation, response, "\(error)")
        }
    }

    func invalidResponse(_ operation: String, _ response: AWSResponse, _ reason: String) -> AWSServiceError {
        AWSServiceError(service: "s3", operation: operation, statusCode: Int(response.status.code), code: "InvalidResponse",
                        message: reason, requestID: response.headers.first(name: "x-amz-request-id"))
    }
}
