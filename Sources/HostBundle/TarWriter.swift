/// Writes a ustar archive whose bytes depend only on the paths, modes and contents given: owner and group
/// root (0), modification time 0, entries in the order written.
struct TarWriter {
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
    }

    /// A directory entry (`path` ends in `/`).
    func directory(_ path: String) throws {
        try header(path: path, mode: 0o755, size: 0, type: UInt8(ascii: "5"))
    }

    /// A regular file's header; its `size` bytes follow through `data`, then `pad(size)`.
    func file(_ path: String, mode: UInt32, size: Int64) throws {
        try header(path: path, mode: mode, size: size, type: UInt8(ascii: "0"))
    }

    func data(_ bytes: UnsafeRawBufferPointer) throws {
        try sink(bytes)
    }

    /// Zeros up to the next 512-byte block after `size` bytes of data.
    func pad(_ size: Int64) throws {
        let remainder = Int(size % 512)
        guard remainder != 0 else { return }
        try [UInt8](repeating: 0, count: 512 - remainder).withUnsafeBytes { try sink($0) }
    }

    /// The two zero blocks that end an archive.
    func end() throws {
        try [UInt8](repeating: 0, count: 1024).withUnsafeBytes { try sink($0) }
    }

    private func header(path: String, mode: UInt32, size: Int64, type: UInt8) throws {
        let name = Array(path.utf8)
        guard !name.isEmpty, name.count <= 100 else { throw BundleError("\(path): a bundle path must be 1 to 100 bytes long") }
        guard size >= 0, size < 0o77777777777 else { throw BundleError("\(path): \(size) bytes is beyond a ustar entry's size") }
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            block.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        func octal(_ value: Int64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(Int64(mode), width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        block[156] = type
        put(Array("ustar\0".utf8) + Array("00".utf8), at: 257)
        put(Array("root".utf8), at: 265)
        put(Array("root".utf8), at: 297)
        let checksum = block.reduce(0) { $0 + Int64($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        try block.withUnsafeBytes { try sink($0) }
    }
}
