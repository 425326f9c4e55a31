import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a root filesystem folder for `--rootfs`. What the enclave sees is fixed by the contents only:
/// owner 0:0, permission bits (mode & 07777), the fixed mtime, no extended attributes; entries are sorted
/// later, so the order on disk does not matter. Hard-linked files become separate copies.
public struct FolderScanner: Sendable {
    public init() {}

    public func rootFilesystem(of folder: String) throws -> RootFilesystem {
        var root = RootFilesystem()
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw EIFInputError("\(folder): --rootfs must be a folder")
        }
        try scan(folder, relative: "", into: &root)
        return root
    }

    private func scan(_ directory: String, relative: String, into root: inout RootFilesystem) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw EIFInputError("\(directory): cannot list the folder: \(error.localizedDescription)")
        }
        for name in names {
            let full = directory + "/" + name
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { throw EIFIOError(path: full, operation: "lstat", errno: errno) }
            let permissions = UInt32(info.st_mode) & 0o7777
            let kind: CPIOEntry.Kind
            switch info.st_mode & S_IFMT {
            case S_IFDIR: kind = .directory
            case S_IFREG: kind = .regular(.fileRange(path: full, offset: 0, size: Int64(info.st_size)))
            case S_IFLNK:
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) else {
                    throw EIFIOError(path: full, operation: "readlink", errno: errno)
                }
                kind = .symlink(target: target)
            case S_IFCHR: kind = .characterDevice(major: Self.major(info.st_rdev), minor: Self.minor(info.st_rdev))
            case S_IFBLK: kind = .blockDevice(major: Self.major(info.st_rdev), minor: Self.minor(info.st_rdev))
            case S_IFIFO: kind = .fifo
            default: throw EIFInputError("\(full): sockets cannot be put in a ramdisk")
            }
            root.insert(CPIOEntry(path: path, kind: kind, permissions: permissions))
            if kind == .directory { try scan(full, relative: path, into: &root) }
        }
    }

    /// glibc's `gnu_dev_major`/`gnu_dev_minor` encoding of `dev_t`.
    private static func major(_ device: dev_t) -> UInt32 {
        UInt32(truncatingIfNeeded: ((device >> 32) & 0xFFFF_F000) | ((device >> 8) & 0xFFF))
    }

    private static func minor(_ device: dev_t) -> UInt32 {
        UInt32(truncatingIfNeeded: ((device >> 12) & 0xFFFF_FF00) | (device & 0xFF))
    }
}
