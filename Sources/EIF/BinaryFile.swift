import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for streaming reads or writes in `ByteBuffer` chunks, so multi-gigabyte ramdisks pass
/// through with constant memory. Blocking calls: the EIF work is CPU- and disk-bound on purpose.
final class BinaryFile {
    let path: String
    private var descriptor: Int32

    /// Chunk size for streamed copies: large enough that per-chunk costs vanish, small enough for the
    /// 64 MiB memory budget with two chunks in flight.
    static let chunkSize = 4 << 20

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    static func openForReading(_ path: String) throws(EIFIOError) -> BinaryFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw EIFIOError(path: path, operation: "open", errno: errno) }
        return BinaryFile(path: path, descriptor: fd)
    }

    /// Creates (or truncates) a file readable by everyone, as build outputs are.
    static func create(_ path: String) throws(EIFIOError) -> BinaryFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw EIFIOError(path: path, operation: "create", errno: errno) }
        return BinaryFile(path: path, descriptor: fd)
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    func close() throws(EIFIOError) {
        let fd = descriptor
        descriptor = -1
        guard closeDescriptor(fd) == 0 else { throw EIFIOError(path: path, operation: "close", errno: errno) }
    }

    func size() throws(EIFIOError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw EIFIOError(path: path, operation: "stat", errno: errno) }
        return Int64(info.st_size)
    }

    /// Appends up to `count` bytes read at `offset` to `buffer`; returns how many were read (0 at end of file).
    @discardableResult
    func read(into buffer: inout ByteBuffer, count: Int, at offset: Int64) throws(EIFIOError) -> Int {
        var failure: EIFIOError?
        let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
            do throws(EIFIOError) {
                return try read(into: UnsafeMutableRawBufferPointer(rebasing: pointer[..<count]), at: offset)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return count
    }

    /// Fills `destination` from `offset`; returns how many bytes were read, fewer only at end of file.
    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int64) throws(EIFIOError) -> Int {
        var total = 0
        while total < destination.count {
            let n = pread(descriptor, destination.baseAddress! + total, destination.count - total, off_t(offset + Int64(total)))
            if n < 0 {
                if errno == EINTR { continue }
                throw EIFIOError(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// Reads exactly `count` bytes at `offset`, or fewer only at end of file.
    func read(count: Int, at offset: Int64) throws(EIFIOError) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        try read(into: &buffer, count: count, at: offset)
        return buffer
    }

    /// Calls `body` with consecutive chunks of `range` (whole file when nil), reusing one buffer, so any
    /// size streams in `chunkSize` memory. `body` returns false to stop early. A file shorter than the
    /// range is an error: it changed while nitroforge was reading it.
    func forEachChunk(in range: Range<Int64>? = nil, _ body: (ByteBuffer) throws -> Bool) throws {
        let range = try range ?? 0..<size()
        var buffer = ByteBufferAllocator().buffer(capacity: min(Self.chunkSize, Int(range.count)))
        var offset = range.lowerBound
        while offset < range.upperBound {
            buffer.clear()
            let want = Int(min(Int64(Self.chunkSize), range.upperBound - offset))
            guard try read(into: &buffer, count: want, at: offset) == want else {
                throw EIFInputError("\(path) ended before byte \(range.upperBound) (did it change while nitroforge was reading it?)")
            }
            guard try body(buffer) else { return }
            offset += Int64(want)
        }
    }

    func write(_ buffer: ByteBuffer, at offset: Int64) throws(EIFIOError) {
        try buffer.withUnsafeReadableBytes { bytes throws(EIFIOError) in try write(bytes, at: offset) }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(EIFIOError) {
        var written = 0
        while written < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + Int64(written)))
            if n < 0 {
                if errno == EINTR { continue }
                throw EIFIOError(path: path, operation: "write", errno: errno)
            }
            written += n
        }
    }
}

/// `close(2)`, reachable from inside `BinaryFile`, whose own `close` hides it.
private func closeDescriptor(_ fd: Int32) -> Int32 {
    close(fd)
}

/// A file system call failed: which file, which call, and the system's reason.
public struct EIFIOError: Error, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let errno: Int32

    public var description: String {
        "\(path): \(operation) failed: \(String(cString: strerror(errno)))"
    }
}
