import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output to a temporary file beside the destination and renames it into place only on
/// ``commit()``, so a failed encryption or decryption never leaves a partial file (in particular, never
/// partial plaintext). `-` writes to standard output directly. New files are readable by the owner only.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String?
    private let fd: Int32
    private var finished = false

    public init(path: String) throws {
        self.path = path
        guard path != "-" else {
            temporaryPath = nil
            fd = STDOUT_FILENO
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(name).nitroforge-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw EnvelopeError(.invalidArgument, "cannot create a temporary file beside \(path): \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        fd = descriptor
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        if !finished { discard() }
    }

    public func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { raw in
            var done = 0
            while done < raw.count {
                let count = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw EnvelopeError(.invalidArgument, "cannot write \(path): \(String(cString: strerror(errno)))")
                }
                done += count
            }
        }
    }

    private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    /// Flushes and moves the file into place.
    public func commit() throws {
        finished = true
        guard let temporaryPath else { return }
        defer { close(fd) }
        guard fsync(fd) == 0, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw EnvelopeError(.invalidArgument, "cannot move the output into place at \(path): \(reason)")
        }
    }

    /// Removes the temporary file (called automatically if ``commit()`` never ran).
    public func discard() {
        finished = true
        guard let temporaryPath else { return }
        close(fd)
        unlink(temporaryPath)
    }
}
