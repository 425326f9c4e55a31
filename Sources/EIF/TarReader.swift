import NIOCore

/// One member of a tar archive, with its data located in the archive file (not read), so a layer of
/// any size is indexed with constant memory and copied later straight from the archive.
struct TarMember: Sendable {
    enum Kind: Sendable, Equatable {
        case regular
        case hardLink(target: String)
        case symlink(target: String)
        case characterDevice(major: UInt32, minor: UInt32)
        case blockDevice(major: UInt32, minor: UInt32)
        case directory
        case fifo
    }

    var path: String
    var kind: Kind
    var mode: UInt32
    var uid: UInt32
    var gid: UInt32
    var dataOffset: Int64
    var size: Int64
}

/// Reads ustar, GNU (long names `L`/`K`) and PAX (`x` records for path, linkpath, size, uid, gid) tar
/// archives, as `docker save`, `podman save`, buildah and skopeo write them.
struct TarReader {
    let path: String
    private let file: BinaryFile
    private let start: Int64
    private let fileSize: Int64

    /// Reads the archive that fills `path`, or the one stored at `range` inside it (a layer inside an
    /// `oci-archive`). Member offsets are offsets in `path`.
    init(path: String, range: Range<Int64>? = nil) throws {
        self.path = path
        self.file = try BinaryFile.openForReading(path)
        let size = try file.size()
        self.start = range?.lowerBound ?? 0
        self.fileSize = range?.upperBound ?? size
    }

    /// Every member in archive order, with paths as written (callers normalise them).
    func members() throws -> [TarMember] {
        var members: [TarMember] = []
        var offset = start
        var longName: String?
        var longLink: String?
        var pax: [String: String] = [:]
        while offset + 512 <= fileSize {
            let block = Array(try file.read(count: 512, at: offset).readableBytesView)
            if block.allSatisfy({ $0 == 0 }) { break }
            try checkChecksum(block, at: offset)
            let typeFlag = block[156]
            var size = try number(block, 124, 12, field: "size", at: offset)
            if let paxSize = pax["size"], let value = Int64(paxSize) { size = value }
            let dataOffset = offset + 512
            guard size >= 0, size <= fileSize - dataOffset else {
                throw EIFInputError("\(path): tar member at offset \(offset) declares \(size) bytes but the archive ends at \(fileSize)")
            }
            offset = dataOffset + (size + 511) / 512 * 512
            switch typeFlag {
            case UInt8(ascii: "L"):
                longName = Self.cString(try readData(at: dataOffset, size: size))
                continue
            case UInt8(ascii: "K"):
                longLink = Self.cString(try readData(at: dataOffset, size: size))
                continue
            case UInt8(ascii: "x"):
                pax = try Self.paxRecords(try readData(at: dataOffset, size: size), path: path, offset: dataOffset - 512)
                continue
            case UInt8(ascii: "g"):
                continue
            default: break
            }
            let name = longName ?? pax["path"] ?? Self.ustarName(block)
            let link = longLink ?? pax["linkpath"] ?? Self.cString(Array(block[157..<257]))
            let uid = try pax["uid"].flatMap { UInt32($0) } ?? UInt32(truncatingIfNeeded: number(block, 108, 8, field: "uid", at: dataOffset - 512))
            let gid = try pax["gid"].flatMap { UInt32($0) } ?? UInt32(truncatingIfNeeded: number(block, 116, 8, field: "gid", at: dataOffset - 512))
            let mode = UInt32(truncatingIfNeeded: try number(block, 100, 8, field: "mode", at: dataOffset - 512)) & 0o7777
            let major = UInt32(truncatingIfNeeded: try number(block, 329, 8, field: "devmajor", at: dataOffset - 512))
            let minor = UInt32(truncatingIfNeeded: try number(block, 337, 8, field: "devminor", at: dataOffset - 512))
            longName = nil
            longLink = nil
            pax = [:]
            let kind: TarMember.Kind
            switch typeFlag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = name.hasSuffix("/") ? .directory : .regular
            case UInt8(ascii: "1"): kind = .hardLink(target: link)
            case UInt8(ascii: "2"): kind = .symlink(target: link)
            case UInt8(ascii: "3"): kind = .characterDevice(major: major, minor: minor)
            case UInt8(ascii: "4"): kind = .blockDevice(major: major, minor: minor)
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "6"): kind = .fifo
            default:
                throw EIFInputError("\(path): tar member \"\(name)\" at offset \(dataOffset - 512) has type '\(Character(Unicode.Scalar(typeFlag)))', which an initramfs cannot hold")
            }
            members.append(TarMember(path: name, kind: kind, mode: mode, uid: uid, gid: gid, dataOffset: dataOffset,
                                     size: kind == .regular ? size : 0))
        }
        return members
    }

    private func readData(at offset: Int64, size: Int64) throws -> [UInt8] {
        guard size <= 1 << 20 else {
            throw EIFInputError("\(path): tar extension header at offset \(offset - 512) is \(size) bytes, more than 1 MiB")
        }
        return Array(try file.read(count: Int(size), at: offset).readableBytesView)
    }

    private func checkChecksum(_ block: [UInt8], at offset: Int64) throws {
        let stored = try number(block, 148, 8, field: "checksum", at: offset)
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 32 : Int64(byte) }
        guard sum == stored else {
            throw EIFInputError("\(path): tar header at offset \(offset) has checksum \(stored) but its bytes sum to \(sum); the archive is damaged or not a tar file")
        }
    }

    /// An octal field, or GNU base-256 when the first byte has its high bit set.
    private func number(_ block: [UInt8], _ start: Int, _ length: Int, field: String, at offset: Int64) throws -> Int64 {
        let bytes = block[start..<(start + length)]
        if let first = bytes.first, first & 0x80 != 0 {
            return bytes.dropFirst().reduce(Int64(first & 0x7F)) { $0 << 8 | Int64($1) }
        }
        var value: Int64 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"): value = value * 8 + Int64(byte - UInt8(ascii: "0"))
            case 0, UInt8(ascii: " "): if value != 0 { return value }
            default: throw EIFInputError("\(path): tar header at offset \(offset): field \(field) is not an octal number")
            }
        }
        return value
    }

    private static func ustarName(_ block: [UInt8]) -> String {
        let name = cString(Array(block[0..<100]))
        let isPOSIX = block[257..<263].elementsEqual("ustar\0".utf8)
        let prefix = isPOSIX ? cString(Array(block[345..<500])) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func cString(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// PAX records: "<length> <key>=<value>\n", length counting the whole record, digits and newline included.
    /// A length that ends before its own key, or past the data, is refused, never trusted as an index.
    private static func paxRecords(_ data: [UInt8], path: String, offset: Int64) throws -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                  length <= data.count - index
            else {
                throw EIFInputError("\(path): malformed PAX header at offset \(offset): a record's length is missing or runs past the header")
            }
            let end = index + length - 1
            guard space < end, data[end] == UInt8(ascii: "\n"),
                  let equals = data[(space + 1)..<end].firstIndex(of: UInt8(ascii: "="))
            else {
                throw EIFInputError("\(path): malformed PAX header at offset \(offset): the record at byte \(index) is not \"<length> <key>=<value>\\n\"")
            }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            records[key] = String(decoding: data[(equals + 1)..<end], as: UTF8.self)
            index += length
        }
        return records
    }
}
