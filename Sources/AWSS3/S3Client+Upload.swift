import AWSCore
import NIOCore

extension S3Client {
    /// Uploads a stream of unknown length: one PutObject when it ends within `partSize` bytes, otherwise a
    /// multipart upload of `partSize` parts with up to `concurrency` in flight. Memory stays near
    /// `(concurrency + 1) × partSize` whatever the size. On any failure the multipart upload is aborted.
    /// S3 needs parts of at least 5 MiB (except the last).
    public func upload<Body: AsyncSequence>(bucket: String, key: String, body: Body, options: S3PutOptions = S3PutOptions(),
                                            partSize: Int = 8 * 1024 * 1024, concurrency: Int = 2) async throws -> S3UploadResult
    where Body.Element == ByteBuffer {
        var reader = PartReader(iterator: body.makeAsyncIterator(), partSize: partSize)
        let first = try await reader.next() ?? ByteBuffer()
        if reader.isFinished {
            return try await putObject(bucket: bucket, key: key, buffer: first, options: options)
        }
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, options: options)
        // `next` alone holds the part being read, so that a part stays in memory only until its upload ends.
        var next: ByteBuffer? = consume first
        do {
            var size: Int64 = 0
            let parts = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var parts: [S3CompletedPart] = []
                var partNumber = 1
                while let buffer = next {
                    if partNumber > concurrency, let done = try await group.next() { parts.append(done) }
                    let number = partNumber
                    size += Int64(buffer.readableBytes)
                    group.addTask {
                        try await uploadPart(bucket: bucket, key: key, uploadID: uploadID, partNumber: number, buffer: buffer,
                                             checksumAlgorithm: options.checksumAlgorithm)
                    }
                    partNumber += 1
                    next = try await reader.next()
                }
                for try await done in group { parts.append(done) }
                return parts
            }
            var result = try await completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
            result.size = size
            return result
        } catch {
            try? await abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
            throw error
        }
    }
}

/// Cuts a stream of buffers of any sizes into buffers of exactly `partSize` bytes (the last may be shorter).
struct PartReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var iterator: Iterator
    let partSize: Int
    private var carry = ByteBuffer()
    private(set) var isFinished = false

    init(iterator: Iterator, partSize: Int) {
        self.iterator = iterator
        self.partSize = partSize
    }

    /// The next part, or nil after the last one.
    mutating func next() async throws -> ByteBuffer? {
        var part = ByteBuffer()
        part.reserveCapacity(partSize)
        if carry.readableBytes > 0 {
            var slice = carry.readSlice(length: min(partSize, carry.readableBytes))!
            part.writeBuffer(&slice)
        }
        while part.readableBytes < partSize, !isFinished {
            guard var chunk = try await iterator.next() else {
                isFinished = true
                break
            }
            var head = chunk.readSlice(length: min(partSize - part.readableBytes, chunk.readableBytes))!
            part.writeBuffer(&head)
            if chunk.readableBytes > 0 { carry.writeBuffer(&chunk) }
        }
        if carry.readableBytes == 0, !isFinished {
            // Peek for the end, so that a stream of exactly one part is sent as a single PutObject.
            if let chunk = try await iterator.next() {
                carry = chunk
            } else {
                isFinished = true
            }
        }
        carry.discardReadBytes()
        return part.readableBytes == 0 && isFinished && carry.readableBytes == 0 ? nil : part
    }
}
