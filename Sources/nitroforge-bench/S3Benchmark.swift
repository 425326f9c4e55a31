import AWSCore
import AWSS3
import Crypto
import Foundation
import NitroFormats
import NIOCore

/// `nitroforge-bench s3 [--size-mib N] [--part-size-mib N] [--concurrency N]`: streams N MiB of generated
/// bytes to S3 (moto via `AWS_ENDPOINT_URL_S3`) with `S3Client.upload` (multipart), reads it back with a
/// streaming GetObject, checks the SHA-256 both ways and prints throughput. Run under `/usr/bin/time -v`
/// (scripts/bench-s3.sh) to see that the process's peak memory does not grow with the object.
enum S3Benchmark {
    static func run(_ arguments: [String]) async throws {
        let sizeMiB = try option("--size-mib", in: arguments) ?? 1024
        let partSizeMiB = try option("--part-size-mib", in: arguments) ?? 8
        let concurrency = try option("--concurrency", in: arguments) ?? 2
        let s3 = try S3Client.fromEnvironment()
        let bucket = "nitroforge-bench-\(UUID().uuidString.lowercased().prefix(8))"
        try await s3.createBucket(bucket)
        let baselinePeak = peakResidentMiB()

        let source = GeneratedStream(size: sizeMiB << 20)
        let uploadStart = Date()
        let result = try await s3.upload(bucket: bucket, key: "bench.bin", body: source, options: S3PutOptions(checksumAlgorithm: .sha256),
                                         partSize: partSizeMiB << 20, concurrency: concurrency)
        let uploadSeconds = Date().timeIntervalSince(uploadStart)
        let uploadPeak = peakResidentMiB()

        let downloadStart = Date()
        let object = try await s3.getObject(bucket: bucket, key: "bench.bin")
        var hash = SHA256()
        var received = 0
        for try await chunk in object.body {
            received += chunk.readableBytes
            chunk.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        }
        let downloadSeconds = Date().timeIntervalSince(downloadStart)
        try await s3.deleteObject(bucket: bucket, key: "bench.bin")

        let written = source.digest()
        let read = Hex.encode(hash.finalize())
        guard received == sizeMiB << 20, read == written else {
            throw BenchmarkError("read back \(received) bytes with SHA-256 \(read); wrote \(sizeMiB << 20) bytes with SHA-256 \(written)")
        }
        print("s3: \(sizeMiB) MiB, \(result.partCount) parts of \(partSizeMiB) MiB, concurrency \(concurrency)")
        print(String(format: "upload (multipart): %.1f s, %.1f MiB/s", uploadSeconds, Double(sizeMiB) / uploadSeconds))
        print(String(format: "download (streaming GetObject): %.1f s, %.1f MiB/s", downloadSeconds, Double(sizeMiB) / downloadSeconds))
        print("sha256 \(read) (matches what was sent)")
        print("peak RSS (VmHWM) before upload \(baselinePeak) MiB, after upload \(uploadPeak) MiB, after download \(peakResidentMiB()) MiB")
    }

    /// The process's peak resident set so far, in MiB (`VmHWM` of /proc/self/status, Linux), or "?".
    static func peakResidentMiB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return "?" }
        return String(kib / 1024)
    }

    static func option(_ name: String, in arguments: [String]) throws -> Int? {
        guard let index = arguments.firstIndex(of: name) else { return nil }
        guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else {
            throw BenchmarkError("\(name) needs a positive integer")
        }
        return value
    }
}

/// `size` pseudo-random bytes (xorshift64) in 1 MiB buffers, hashed as they are handed out.
final class GeneratedStream: AsyncSequence, @unchecked Sendable {
    typealias Element = ByteBuffer
    let size: Int
    private var hash = SHA256()
    private let lock = NSLock()

    init(size: Int) {
        self.size = size
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let stream: GeneratedStream
        var produced = 0
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15

        mutating func next() async -> ByteBuffer? {
            guard produced < stream.size else { return nil }
            let length = Swift.min(1 << 20, stream.size - produced)
            var buffer = ByteBuffer()
            buffer.reserveCapacity(length)
            for _ in 0..<(length / 8) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                buffer.writeInteger(state)
            }
            produced += length
            stream.update(buffer)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self)
    }

    private func update(_ buffer: ByteBuffer) {
        lock.withLock { buffer.withUnsafeReadableBytes { hash.update(bufferPointer: $0) } }
    }

    func digest() -> String {
        lock.withLock { Hex.encode(hash.finalize()) }
    }
}
