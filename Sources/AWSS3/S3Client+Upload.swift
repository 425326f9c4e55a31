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
        let first = try await reader.next() ?? []
        if reader.isFinished {
            var whole = ByteBuffer()
            whole.reserveCapacity(first.reduce(0) { $0 + $1.readableBytes })
            for var buffer in first { whole.writeBuffer(&buffer) }
            return try await putObject(bucket: bucket, key: key, buffer: whole, options: options)
        }
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, options: options)
        // `next` alone holds the part being read, so that a part stays in memory only until its upload ends.
        var next: [ByteBuffer]? = consume first
        do {
            var size: Int64 = 0
            let parts = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var parts: [S3CompletedPart] = []
                var partNumber = 1
                while let buffers = next {
                    if partNumber > concurrency, let done = try await group.next() { parts.append(done) }
                    let number = partNumber
                    size += Int64(buffers.reduce(0) { $0 + $1.readableBytes })
                    group.addTask {
                        try await uploadPart(bucket: bucket, key: key, uploadID: uploadID, partNumber: number, body: buffers,
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
            // Its own task, so that a cancelled upload (a request timeout, a client gone) still aborts.
            try? await Task { try await abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID) }.value
            throw error
        }
    }
}

/// Cuts a stream of buffers of any sizes into parts of exactly `partSize` bytes (the last may be shorter). A part
/// is a list of slices of the stream's buffers: no byte is copied, and memory is what the stream handed out.
struct PartReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var iterator: Iterator
    let partSize: Int
    /// What is left of the last buffer read beyond the previous part.
    private var carry = ByteBuffer()
    private(set) var isFinished = false

    init(iterator: Iterator, partSize: Int) {
        self.iterator = iterator
        self.partSize = partSize
    }

    /// The next part, or nil after the last one.
    mutating func next() async throws -> [ByteBuffer]? {
        var part: [ByteBuffer] = []
        var size = 0
        if carry.readableBytes > 0 {
            part.append(carry.readSlice(length: min(partSize, carry.readableBytes))!)
            size = part[0].readableBytes
        }
        while size < partSize, !isFinished {
            guard var chunk = try await iterator.next() else {
                isFinished = true
                break
            }
            let head = chunk.readSlice(length: min(partSize - size, chunk.readableBytes))!
            if head.readableBytes > 0 { part.append(head) }
            size += head.readableBytes
            if chunk.readableBytes > 0 { carry = chunk }
        }
        if carry.readableBytes == 0, !isFinished {
            // Peek for the end, so that a stream of exactly one part is sent as a single PutObject.
            if let chunk = try await iterator.next() {
                carry = chunk
            } else {
                isFinished = true
            }
        }
        return size == 0 && isFinished && carry.readableBytes == 0 ? nil : part
    }
}
