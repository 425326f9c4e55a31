/// One member of a ramdisk archive.
public struct CPIOEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case directory
        case regular(CPIOData)
        case symlink(target: String)
        case characterDevice(major: UInt32, minor: UInt32)
        case blockDevice(major: UInt32, minor: UInt32)
        case fifo

        /// The file type bits of `st_mode`.
        var typeBits: UInt32 {
            switch self {
            case .directory: 0o040000
            case .regular: 0o100000
            case .symlink: 0o120000
            case .characterDevice: 0o020000
            case .blockDevice: 0o060000
            case .fifo: 0o010000
            }
        }
    }

    /// Path inside the archive, relative, without a leading or trailing `/`.
    public var path: String
    public var kind: Kind
    /// Permission bits only (`mode & 07777`); the type comes from `kind`.
    public var permissions: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var mtime: UInt32

    /// linuxkit's `defaultModTime` (2017-04-18T16:30:00Z), given to every entry nitroforge generates or
    /// copies, so file times on the build machine never reach the image.
    public static let fixedMTime: UInt32 = 1_492_533_000

    public init(path: String, kind: Kind, permissions: UInt32, uid: UInt32 = 0, gid: UInt32 = 0,
                mtime: UInt32 = CPIOEntry.fixedMTime) {
        self.path = path
        self.kind = kind
        self.permissions = permissions & 0o7777
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
    }
}

/// Where a regular file's bytes come from: small bytes in memory, or a range of a file on disk
/// (a whole file of a root filesystem folder, or a member inside an unpacked layer tar), streamed.
public enum CPIOData: Sendable, Equatable {
    case bytes([UInt8])
    case fileRange(path: String, offset: Int64, size: Int64)

    public var size: Int64 {
        switch self {
        case .bytes(let bytes): Int64(bytes.count)
        case .fileRange(_, _, let size): size
        }
    }
}
