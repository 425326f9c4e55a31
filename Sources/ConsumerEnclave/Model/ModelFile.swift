import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A model being written: a file under a temporary name in the model folder, created 0440 (the processor
/// only reads it) and owned by the processor's account when the agent is root. `commit` renames it into
/// place; `discard` removes it. Until `commit` nobody is told the path, so a model that fails to verify
/// half way leaves nothing a processor could read.
final class ModelFile: @unchecked Sendable {
    let temporaryPath: String
    let finalPath: String
    private var descriptor: Int32
    private(set) var bytes = 0

    init(directory: URL, finalName: String, owner: ProcessUser?) throws(ModelFileError) {
        try Self.prepare(directory, owner: owner)
        temporaryPath = directory.appendingPathComponent(".\(finalName)-\(UUID().uuidString)").path
        finalPath = directory.appendingPathComponent(finalName).path
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o440)
        guard descriptor >= 0 else { throw ModelFileError(operation: "create", path: temporaryPath, errno: errno) }
        if let owner, fchown(descriptor, owner.uid, owner.gid) != 0 {
            let error = ModelFileError(operation: "chown", path: temporaryPath, errno: errno)
            discard()
            throw error
        }
    }

    /// The folder, 0750 (0700 when no processor account needs it), owned by the processor's account when
    /// there is one; the agent (root) can still write it.
    private static func prepare(_ directory: URL, owner: ProcessUser?) throws(ModelFileError) {
        let path = directory.path
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            // Its parent (`/run/nitroforge`) may be missing on a fresh boot.
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw ModelFileError(operation: "mkdir", path: path, errno: errno)
            }
        }
        if let owner {
            guard chown(path, owner.uid, owner.gid) == 0 else { throw ModelFileError(operation: "chown", path: path, errno: errno) }
        }
        guard chmod(path, owner == nil ? 0o700 : 0o750) == 0 else { throw ModelFileError(operation: "chmod", path: path, errno: errno) }
    }

    func write(_ chunk: ByteBuffer) throws(ModelFileError) {
        let result: ModelFileError? = chunk.withUnsafeReadableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return ModelFileError(operation: "write", path: temporaryPath, errno: errno)
                }
                offset += written
            }
            return nil
        }
        if let result { throw result }
        bytes += chunk.readableBytes
    }

    /// Flushes and renames the file into place (atomically replacing an older model).
    func commit() throws(ModelFileError) {
        guard descriptor >= 0 else { throw ModelFileError(operation: "commit", path: temporaryPath, errno: EBADF) }
        if fsync(descriptor) != 0 {
            let error = ModelFileError(operation: "fsync", path: temporaryPath, errno: errno)
            discard()
            throw error
        }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, finalPath) == 0 else {
            let error = ModelFileError(operation: "rename", path: finalPath, errno: errno)
            discard()
            throw error
        }
    }

    /// Closes and removes the partial file; safe to call more than once.
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
    }

    deinit {
        if descriptor >= 0 { discard() }
    }
}

/// `write(2)`, named apart from `ModelFile.write(_:)`.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// The model could not be written where the processor reads it. Names the operation and the file; never
/// any of the model's bytes.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Int32

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errno)))" }
}
