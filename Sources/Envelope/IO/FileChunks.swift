import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file (or standard input, `-`) read as an async sequence of buffers of exactly `chunkSize` bytes
/// (the last one shorter), so chunks line up with frames and nothing is held beyond one chunk.
public struct FileChunks: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    public let path: String
    public let chunkSize: Int

    public init(path: String, chunkSize: Int) {
        self.path = path
        self.chunkSize = Swift.max(1, chunkSize)
    }

    /// The file's size, when it is a regular file (nil for standard input and pipes).
    public var size: Int64? {
        guard path != "-" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else { return nil }
        return Int64(info.st_size)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(path: path, chunkSize: chunkSize) }

    public struct Iterator: AsyncIteratorProtocol {
        private let path: String
        private let chunkSize: Int
        private var descriptor: FileDescriptor?
        private var ended = false
        private var chunks = BufferRecycler()

        init(path: String, chunkSize: Int) {
            self.path = path
            self.chunkSize = chunkSize
        }

        public mutating func next() async throws -> ByteBuffer? {
            guard !ended else { return nil }
            if descriptor == nil { descriptor = try FileDescriptor(path: path) }
            let fd = descriptor!.fd
            var buffer = chunks.buffer(capacity: chunkSize)
            var endOfFile = false
            while buffer.readableBytes < chunkSize, !endOfFile {
                let want = chunkSize - buffer.readableBytes
                try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { raw -> Int in
                    let result = read(fd, raw.baseAddress, want)
                    if result < 0 {
                        guard errno == EINTR else {
                            throw EnvelopeError(.invalidArgument, "cannot read \(path): \(String(cString: strerror(errno)))")
                        }
                        return 0
                    }
                    endOfFile = result == 0
                    return result
                }
            }
            if buffer.readableBytes < chunkSize {
                ended = true
                descriptor = nil
                if buffer.readableBytes == 0 { return nil }
            }
            return chunks.handOut(buffer)
        }
    }
}

/// Owns an open file descriptor and closes it when the last reference goes.
final class FileDescriptor {
    let fd: Int32
    private let owned: Bool

    init(path: String) throws {
        if path == "-" {
            fd = STDIN_FILENO
            owned = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            owned = true
            guard fd >= 0 else {
                throw EnvelopeError(.invalidArgument, "cannot open \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit { if owned { close(fd) } }
}
