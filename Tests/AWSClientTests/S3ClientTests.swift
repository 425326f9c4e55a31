import AWSCore
import AWSKMS
import AWSS3
import AsyncHTTPClient
import Foundation
import NIOCore
import XCTest

/// S3Client against moto (real HTTP, path-style on a custom endpoint), with boto3 as the peer.
final class S3ClientTests: XCTestCase {
    static let mebibyte = 1024 * 1024

    func s3() throws -> S3Client {
        S3Client(client: try TestEnvironment.client(.s3, endpoint: try TestEnvironment.motoURL()))
    }

    func newBucket(_ s3: S3Client) async throws -> String {
        let bucket = TestEnvironment.uniqueName("bucket")
        try await s3.createBucket(bucket)
        return bucket
    }

    func testPutHeadGetAndDeleteABufferedObjectWithMetadataAndChecksums() async throws {
        let s3 = try s3()
        XCTAssertTrue(s3.usesPathStyle, "a custom endpoint means path-style addressing")
        let bucket = try await newBucket(s3)
        let key = "jobs/a key with spaces+ü.esdk"
        let body = ByteBuffer(string: "hello from swift")
        for algorithm in S3ChecksumAlgorithm.allCases {
            _ = try await s3.putObject(bucket: bucket, key: key, buffer: body, options: S3PutOptions(
                contentType: "application/octet-stream", checksumAlgorithm: algorithm, metadata: ["job": "42"]))
            let head = try await s3.headObject(bucket: bucket, key: key)
            XCTAssertEqual(head.contentLength, 16)
            XCTAssertEqual(head.metadata["job"], "42")
            XCTAssertEqual(head.contentType, "application/octet-stream")
            let expected = algorithm == .sha256
                ? Data(hexString: sha256Hex("hello from swift")).base64EncodedString()
                : "tJItCw=="  // python3 -c 'import zlib,base64;print(base64.b64encode(zlib.crc32(b"hello from swift").to_bytes(4,"big")))'
            XCTAssertEqual(head.checksums[algorithm], expected, "\(algorithm)")
        }
        let object = try await s3.getObject(bucket: bucket, key: key)
        XCTAssertEqual(object.metadata.contentLength, 16)
        let read = try await digest(object.body)
        XCTAssertEqual(read.sha256, sha256Hex("hello from swift"))

        try await s3.deleteObject(bucket: bucket, key: key)
        do {
            _ = try await s3.headObject(bucket: bucket, key: key)
            XCTFail("the object was deleted")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.statusCode, 404)
            XCTAssertEqual(error.code, "NotFound")
            XCTAssertEqual(error.operation, "HeadObject")
        }
        do {
            _ = try await s3.getObject(bucket: bucket, key: key)
            XCTFail("the object was deleted")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.code, "NoSuchKey")
            XCTAssertEqual(error.statusCode, 404)
        }
    }

    func testStreamingPutWithUnsignedPayloadAndRangedGet() async throws {
        let s3 = try s3()
        let bucket = try await newBucket(s3)
        let stream = PatternStream(count: 3 * Self.mebibyte + 17, chunkSize: 64 * 1024)
        _ = try await s3.putObject(bucket: bucket, key: "streamed", body: stream, length: Int64(stream.count),
                                   options: S3PutOptions(checksumAlgorithm: nil))
        let object = try await s3.getObject(bucket: bucket, key: "streamed")
        let read = try await digest(object.body)
        XCTAssertEqual(read.size, stream.count)
        let expected = await stream.sha256()
        XCTAssertEqual(read.sha256, expected)

        let ranged = try await s3.getObject(bucket: bucket, key: "streamed", range: "bytes=10-19")
        let bytes = try await ranged.body.collect(upTo: 100)
        XCTAssertEqual(Array(bytes.readableBytesView), (10..<20).map { UInt8(($0 * 7 + 3) % 251) })
    }

    func testUploadSwitchesToMultipartAboveThePartSize() async throws {
        let s3 = try s3()
        let bucket = try await newBucket(s3)
        let small = PatternStream(count: 1000, chunkSize: 300)
        let single = try await s3.upload(bucket: bucket, key: "small", body: small, partSize: 5 * Self.mebibyte)
        XCTAssertEqual(single.partCount, 0)

        let large = PatternStream(count: 11 * Self.mebibyte + 5, chunkSize: 100_000)
        let multi = try await s3.upload(bucket: bucket, key: "large", body: large, options: .sseKMS(keyID: nil, checksum: .crc32),
                                        partSize: 5 * Self.mebibyte)
        XCTAssertEqual(multi.partCount, 3)
        XCTAssertEqual(multi.size, Int64(large.count))
        XCTAssertTrue(multi.eTag?.hasSuffix("-3\"") ?? false, "a multipart ETag ends in -<parts>: \(multi.eTag ?? "none")")
        let peer = try Python.run("peer.py", ["s3-get", try TestEnvironment.motoURL(), bucket, "large"])
        XCTAssertEqual(peer["size"] as? Int, large.count)
        let expected = await large.sha256()
        XCTAssertEqual(peer["sha256"] as? String, expected)
    }

    func testSSEKMSHeadersReachS3() async throws {
        let s3 = try s3()
        let bucket = try await newBucket(s3)
        let kms = KMSClient(client: try TestEnvironment.client(.kms, endpoint: try TestEnvironment.motoURL()))
        let key = try await kms.createKey().keyMetadata
        _ = try await s3.putObject(bucket: bucket, key: "sealed", buffer: ByteBuffer(string: "x"), options: .sseKMS(keyID: key.arn))
        let head = try await s3.headObject(bucket: bucket, key: "sealed")
        XCTAssertEqual(head.serverSideEncryption, "aws:kms")
        XCTAssertEqual(head.sseKMSKeyID, key.arn)
    }

    func testFailedMultipartUploadIsAborted() async throws {
        let s3 = try s3()
        let bucket = try await newBucket(s3)
        // Parts under S3's 5 MiB minimum: CompleteMultipartUpload fails with EntityTooSmall.
        do {
            _ = try await s3.upload(bucket: bucket, key: "too-small-parts", body: PatternStream(count: 3 * Self.mebibyte, chunkSize: 65536),
                                    partSize: Self.mebibyte)
            XCTFail("parts under 5 MiB must be refused")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.code, "EntityTooSmall", "\(error)")
        }
        let uploads = try Python.run("peer.py", ["s3-list-uploads", try TestEnvironment.motoURL(), bucket])
        XCTAssertEqual(uploads["keys"] as? [String], [], "the failed upload must have been aborted")
    }

    /// What `nitroforge destroy` does to a versioned bucket: every version and delete marker listed across
    /// pages (moto, like S3, answers at most 1,000 a page) and deleted a thousand per request; boto3 counts.
    func testEveryVersionIsListedAcrossPagesAndDeletedInBatches() async throws {
        let s3 = try s3()
        let moto = try TestEnvironment.motoURL()
        let bucket = TestEnvironment.uniqueName("versions")
        let made = try Python.run("peer.py", ["s3-versioned-bucket", moto, bucket, "1001"])
        XCTAssertEqual(made["versions"] as? Int, 1003)
        XCTAssertEqual(made["deleteMarkers"] as? Int, 1)

        let versions = try await s3.listObjectVersions(bucket: bucket)
        XCTAssertEqual(versions.count, 1004)
        XCTAssertEqual(versions.filter(\.isDeleteMarker).map(\.key), ["k1"])
        XCTAssertEqual(Set(versions.filter { $0.key == "k0" }.map(\.versionID)).count, 3)

        try await s3.deleteObjectVersions(bucket: bucket, versions)
        let left = try Python.run("peer.py", ["s3-count-versions", moto, bucket])
        XCTAssertEqual(left["versions"] as? Int, 0)
        XCTAssertEqual(left["deleteMarkers"] as? Int, 0)
        let listed = try await s3.listObjectVersions(bucket: bucket)
        XCTAssertTrue(listed.isEmpty)
    }

    func testObjectsCrossBetweenSwiftAndBoto3BothWays() async throws {
        let s3 = try s3()
        let bucket = try await newBucket(s3)
        let moto = try TestEnvironment.motoURL()

        let fromSwift = PatternStream(count: 200_000, chunkSize: 4096)
        _ = try await s3.upload(bucket: bucket, key: "from-swift", body: fromSwift)
        let readByBoto3 = try Python.run("peer.py", ["s3-get", moto, bucket, "from-swift"])
        let expected = await fromSwift.sha256()
        XCTAssertEqual(readByBoto3["sha256"] as? String, expected)

        let written = try Python.run("peer.py", ["s3-put", moto, bucket, "from-boto3", "300001"])
        let read = try await digest(try await s3.getObject(bucket: bucket, key: "from-boto3").body)
        XCTAssertEqual(read.size, 300_001)
        XCTAssertEqual(read.sha256, written["sha256"] as? String)
    }

    func testPresignedURLsWorkAgainstMoto() async throws {
        let s3 = try s3()
        let bucket = try await newBucket(s3)
        let putURL = try await s3.presignedURL(.PUT, bucket: bucket, key: "presigned", expires: 300)
        var put = HTTPClientRequest(url: putURL)
        put.method = .PUT
        put.body = .bytes(ByteBuffer(string: "via presigned url"))
        let putResponse = try await HTTPClient.shared.execute(put, timeout: .seconds(30))
        XCTAssertEqual(putResponse.status, .ok)

        let getURL = try await s3.presignedURL(.GET, bucket: bucket, key: "presigned", expires: 300)
        let getResponse = try await HTTPClient.shared.execute(HTTPClientRequest(url: getURL), timeout: .seconds(30))
        let content = try await getResponse.body.collect(upTo: 1024)
        XCTAssertEqual(String(buffer: content), "via presigned url")
    }

    func testAuthenticatedMotoAcceptsOurSignaturesAndRefusesAWrongSecret() async throws {
        let moto = try AuthenticatedMoto()
        let s3 = S3Client(client: try moto.client(.s3))
        let bucket = try await newBucket(s3)
        _ = try await s3.putObject(bucket: bucket, key: "signed", buffer: ByteBuffer(string: "signed payload"))
        _ = try await s3.putObject(bucket: bucket, key: "unsigned", body: PatternStream(count: 1000, chunkSize: 100), length: 1000)
        let multi = try await s3.upload(bucket: bucket, key: "parts", body: PatternStream(count: 6 * Self.mebibyte, chunkSize: 1 << 16),
                                        partSize: 5 * Self.mebibyte)
        XCTAssertEqual(multi.partCount, 2)
        let signed = try await s3.getObject(bucket: bucket, key: "signed").body.collect(upTo: 1024)
        XCTAssertEqual(String(buffer: signed), "signed payload")
        let unsigned = try await digest(try await s3.getObject(bucket: bucket, key: "unsigned").body)
        let expected = await PatternStream(count: 1000, chunkSize: 100).sha256()
        XCTAssertEqual(unsigned.sha256, expected)
        let parts = try await digest(try await s3.getObject(bucket: bucket, key: "parts").body)
        XCTAssertEqual(parts.size, 6 * Self.mebibyte)

        let forged = S3Client(client: try moto.client(.s3, wrongSecret: true))
        await AuthenticatedMoto.assertRefusesSignature(of: "GetObject") {
            try await forged.getObject(bucket: bucket, key: "signed")
        }
        await AuthenticatedMoto.assertRefusesSignature(of: "PutObject") {
            try await forged.putObject(bucket: bucket, key: "forged", buffer: ByteBuffer(string: "forged"))
        }
    }
}

extension Data {
    init(hexString: String) {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2)
            bytes.append(UInt8(hexString[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }
}
