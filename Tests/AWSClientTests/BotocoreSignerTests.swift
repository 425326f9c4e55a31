import AWSCore
import AWSS3
import Foundation
import NIOCore
import NitroTestSupport
import XCTest

/// S3 requests as they arrive on the wire, and presigned URLs, compared byte for byte with what
/// botocore's own signer produces for the same request at the same (frozen) instant.
final class BotocoreSignerTests: XCTestCase {
    static let frozen = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let key = "dir/a key+ü~(1).txt"
    static let credentialSets = [
        AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "session/secret+key", sessionToken: "FwoGZXIvYXdzE/session+token=="),
    ]

    func testHeaderSignaturesOfPutGetUploadPartAndUnsignedPayloadMatchBotocore() async throws {
        for credentials in Self.credentialSets {
            let log = RequestLog()
            try await withLoopbackServer({ request in
                await log.append(request)
                return CannedResponse(status: 200, headers: ["ETag": "\"etag\""], body: "ok")
            }) { url in
                let s3 = S3Client(client: try TestEnvironment.client(.s3, endpoint: url, credentials: credentials, clock: { Self.frozen }))
                _ = try await s3.putObject(bucket: "bucket", key: Self.key, buffer: ByteBuffer(string: "signed body"),
                                           options: .sseKMS(keyID: "alias/storage"))
                _ = try await s3.putObject(bucket: "bucket", key: Self.key, body: PatternStream(count: 5000, chunkSize: 999), length: 5000,
                                           options: S3PutOptions(contentType: "application/octet-stream", checksumAlgorithm: nil))
                let object = try await s3.getObject(bucket: "bucket", key: Self.key, range: "bytes=0-99")
                _ = try await object.body.collect(upTo: 1024)
                _ = try await s3.uploadPart(bucket: "bucket", key: Self.key, uploadID: "upload/id+1", partNumber: 7,
                                            body: [ByteBuffer(string: "part seven")], checksumAlgorithm: .crc32)
            }
            let requests = await log.requests
            XCTAssertEqual(requests.count, 4)
            let unsigned = [false, true, false, false]
            let spec: [String: Any] = [
                "time": "20260101T000000Z", "accessKeyId": credentials.accessKeyID, "secretAccessKey": credentials.secretAccessKey,
                "sessionToken": credentials.sessionToken as Any, "region": "us-east-1", "presign": [],
                "requests": zip(requests, unsigned).map { request, unsigned in
                    [
                        "method": request.method, "url": "http://\(request.header("host")!)\(request.target)",
                        "headers": request.headers.filter { !Self.addedByBotocoreOrTransport.contains($0.key) },
                        "bodyHex": request.body.map { String(format: "%02x", $0) }.joined(), "unsignedPayload": unsigned,
                    ] as [String: Any]
                },
            ]
            let botocore = try Python.run("botocore_sign.py", [], stdin: try JSONSerialization.data(withJSONObject: spec))
            XCTAssertEqual(requests.map { $0.header("authorization") ?? "" }, botocore["authorizations"] as? [String])
            XCTAssertEqual(requests.map { $0.header("x-amz-content-sha256") ?? "" }, botocore["contentSha256"] as? [String])
            XCTAssertEqual(requests[1].header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD")
            XCTAssertEqual(requests[0].header("x-amz-content-sha256"), sha256Hex("signed body"))
        }
    }

    /// Headers botocore sets itself while signing, or that the HTTP layer adds after it.
    static let addedByBotocoreOrTransport: Set<String> = ["authorization", "x-amz-date", "x-amz-content-sha256", "user-agent", "content-length", "accept-encoding"]

    func testPresignedGetAndPutURLsMatchBotocore() async throws {
        let endpoint = "http://127.0.0.1:50999"
        for credentials in Self.credentialSets {
            let s3 = S3Client(client: try TestEnvironment.client(.s3, endpoint: endpoint, credentials: credentials))
            var ours: [String] = []
            for method in ["GET", "PUT"] {
                ours.append(try await s3.presignedURL(.init(rawValue: method), bucket: "bucket", key: Self.key, expires: 600, date: Self.frozen))
            }
            let spec: [String: Any] = [
                "time": "20260101T000000Z", "accessKeyId": credentials.accessKeyID, "secretAccessKey": credentials.secretAccessKey,
                "sessionToken": credentials.sessionToken as Any, "region": "us-east-1", "requests": [],
                "presign": ["GET", "PUT"].map { ["method": $0, "bucket": "bucket", "key": Self.key, "endpoint": endpoint, "expires": 600] },
            ]
            let botocore = try Python.run("botocore_sign.py", [], stdin: try JSONSerialization.data(withJSONObject: spec))
            XCTAssertEqual(ours, botocore["presigned"] as? [String])
        }
    }
}
