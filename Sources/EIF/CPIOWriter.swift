import NIOCore

/// Writes an SVR4 "newc" cpio archive exactly as linuxkit's initrd writer (surma/gocpio) does:
/// inode numbers from 721 upwards (the trailer takes one too), nlink 2 for directories and 1 otherwise,
/// device 3/1 on every entry, names and data zero-padded to 4 bytes from the start of the archive, the
/// `TRAILER!!!` entry, then zeros up to a multiple of 512. No compression.
/// Headers collect in one `ByteBuffer`; file data is copied in chunks, so memory stays bounded.
public final class CPIOWriter {
    private let output: BinaryFile
    private var pending: ByteBuffer
    private var written: Int64 = 0
    private var nextInode: UInt32 = 721

    /// Creates (or truncates) the archive file at `path`.
    public init(path: String) throws {
        self.output = try BinaryFile.create(path)
        self.pending = ByteBufferAllocator().buffer(capacity: 64 << 10)
    }

    /// Bytes written so far, padding included.
    public var size: Int64 { written + Int64(pending.readableBytes) }

    public func append(_ entry: CPIOEntry) throws {
        let (major, minor, data): (UInt32, UInt32, CPIOData?) = switch entry.kind {
        case .characterDevice(let devMajor, let devMinor), .blockDevice(let devMajor, let devMinor): (devMajor, devMinor, nil)
        case .regular(let contents): (0, 0, contents)
        case .symlink(let target): (0, 0, .bytes(Array(target.utf8)))
        case .directory, .fifo: (0, 0, nil)
        }
        let isDirectory = entry.kind == .directory
        try writeHeader(name: entry.path, mode: entry.kind.typeBits | entry.permissions, uid: entry.uid, gid: entry.gid,
                        nlink: isDirectory ? 2 : 1, mtime: entry.mtime, fileSize: data?.size ?? 0,
                        rdevMajor: major, rdevMinor: minor)
        switch data {
        case .bytes(let bytes)?: pending.writeBytes(bytes)
        case .fileRange(let path, let offset, let size)?: try copy(path: path, offset: offset, size: size)
        case nil: break
        }
        padPending(to: 4)
    }

    /// Writes the trailer and the 512-byte padding, and closes the file. Returns the archive's size.
    public func finish() throws -> Int64 {
        try writeHeader(name: "TRAILER!!!", mode: 0, uid: 0, gid: 0, nlink: 1, mtime: 0, fileSize: 0, rdevMajor: 0, rdevMinor: 0)
        padPending(to: 512)
        try flush()
        try output.close()
        return written
    }

    private func writeHeader(name: String, mode: UInt32, uid: UInt32, gid: UInt32, nlink: UInt32, mtime: UInt32,
                             fileSize: Int64, rdevMajor: UInt32, rdevMinor: UInt32) throws {
        guard fileSize <= Int64(UInt32.max) else {
            throw EIFInputError("\(name): \(fileSize) bytes is more than a newc cpio entry can hold (4 GiB - 1)")
        }
        let nameBytes = Array(name.utf8)
        let fields: [UInt32] = [
            nextInode, mode, uid, gid, nlink, mtime, UInt32(fileSize), 3, 1, rdevMajor, rdevMinor,
            UInt32(nameBytes.count + 1), 0,
        ]
        nextInode += 1
        pending.writeString("070701")
        for field in fields { Self.writeHex8(field, into: &pending) }
        pending.writeBytes(nameBytes)
        pending.writeInteger(UInt8(0))
        padPending(to: 4)
        if pending.readableBytes >= BinaryFile.chunkSize { try flush() }
    }

    private func copy(path: String, offset: Int64, size: Int64) throws {
        try flush()
        try BinaryFile.openForReading(path).forEachChunk(in: offset..<(offset + size)) { chunk in
            try output.write(chunk, at: written)
            written += Int64(chunk.readableBytes)
            return true
        }
    }

    private func padPending(to alignment: Int64) {
        let remainder = size % alignment
        if remainder != 0 { pending.writeRepeatingByte(0, count: Int(alignment - remainder)) }
    }

    private func flush() throws {
        guard pending.readableBytes > 0 else { return }
        try output.write(pending, at: written)
        written += Int64(pending.readableBytes)
        pending.clear()
    }

    private static func writeHex8(_ value: UInt32, into buffer: inout ByteBuffer) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            for shift in stride(from: 28, through: 0, by: -4) {
                buffer.writeInteger(table[Int((value >> UInt32(shift)) & 0xF)])
            }
        }
    }
}
