import Crypto
import Foundation

/// Second implementations of the formats, written from nitro-formats.md and the tar/newc specs and kept
/// deliberately simple, so that the tests never compare nitroforge's code with itself.
enum Independent {
    /// Bit-at-a-time CRC-32 (reflected 0xEDB88320, init and xorout 0xFFFFFFFF).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// SHA384(48 zero bytes ‖ SHA384(data)), as lower-case hex.
    static func pcr(_ data: [UInt8]) -> String {
        let inner = Array(SHA384.hash(data: data))
        return hex(Array(SHA384.hash(data: [UInt8](repeating: 0, count: 48) + inner)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bigEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as: T.Type = T.self) -> T {
        bytes[offset..<(offset + MemoryLayout<T>.size)].reduce(T(0)) { $0 << 8 | T($1) }
    }

    /// The sections of an EIF by the header's table: (type, payload).
    static func sections(of eif: [UInt8]) -> [(type: UInt16, payload: [UInt8])] {
        let count = Int(bigEndian(eif, at: 26, as: UInt16.self))
        return (0..<count).map { index in
            let offset = Int(bigEndian(eif, at: 28 + 8 * index, as: UInt64.self))
            let size = Int(bigEndian(eif, at: 284 + 8 * index, as: UInt64.self))
            return (bigEndian(eif, at: offset, as: UInt16.self), Array(eif[(offset + 12)..<(offset + 12 + size)]))
        }
    }

    /// One newc member as encoded by linuxkit's gocpio.
    struct CPIOMember: Equatable {
        var name: String
        var ino: UInt32
        var mode: UInt32
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        var nlink: UInt32
        var mtime: UInt32 = 1_492_533_000
        var data: [UInt8] = []
        var rdevMajor: UInt32 = 0
        var rdevMinor: UInt32 = 0
    }

    /// Encodes members, trailer and padding: "070701", 13 fields of 8 lower-case hex digits, name + NUL
    /// padded to 4, data padded to 4, "TRAILER!!!", zeros to a multiple of 512.
    static func newc(_ members: [CPIOMember]) -> [UInt8] {
        var out: [UInt8] = []
        func pad(_ n: Int) { while out.count % n != 0 { out.append(0) } }
        let trailer = CPIOMember(name: "TRAILER!!!", ino: (members.last?.ino ?? 720) + 1, mode: 0, nlink: 1, mtime: 0)
        for m in members + [trailer] {
            let fields = [m.ino, m.mode, m.uid, m.gid, m.nlink, m.mtime, UInt32(m.data.count), 3, 1, m.rdevMajor, m.rdevMinor,
                          UInt32(m.name.utf8.count + 1), 0]
            out += Array(("070701" + fields.map { String(format: "%08x", $0) }.joined()).utf8)
            out += Array(m.name.utf8) + [0]
            pad(4)
            out += m.data
            pad(4)
        }
        pad(512)
        return out
    }

    /// Decodes a newc archive into members (trailer excluded).
    static func parseNewc(_ bytes: [UInt8]) -> [CPIOMember] {
        var members: [CPIOMember] = []
        var offset = 0
        func field(_ i: Int) -> UInt32 { UInt32(String(decoding: bytes[(offset + 6 + 8 * i)..<(offset + 14 + 8 * i)], as: UTF8.self), radix: 16)! }
        while offset + 110 <= bytes.count, String(decoding: bytes[offset..<(offset + 6)], as: UTF8.self) == "070701" {
            let nameSize = Int(field(11))
            let size = Int(field(6))
            let name = String(decoding: bytes[(offset + 110)..<(offset + 110 + nameSize - 1)], as: UTF8.self)
            let dataStart = (offset + 110 + nameSize + 3) / 4 * 4
            let member = CPIOMember(name: name, ino: field(0), mode: field(1), uid: field(2), gid: field(3), nlink: field(4),
                                    mtime: field(5), data: Array(bytes[dataStart..<(dataStart + size)]),
                                    rdevMajor: field(9), rdevMinor: field(10))
            if name == "TRAILER!!!" { break }
            members.append(member)
            offset = (dataStart + size + 3) / 4 * 4
        }
        return members
    }

    /// A ustar member for hand-made layers.
    struct TarMember {
        var name: String
        var type: Character = "0"
        var mode: Int = 0o644
        var uid: Int = 0
        var gid: Int = 0
        var data: [UInt8] = []
        var link: String = ""
    }

    static func tar(_ members: [TarMember]) -> [UInt8] {
        var out: [UInt8] = []
        for m in members {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, _ offset: Int) { for (i, b) in text.utf8.enumerated() { header[offset + i] = b } }
            func octal(_ value: Int, _ offset: Int, _ width: Int) { put(String(format: "%0\(width - 1)o", value), offset) }
            put(m.name, 0)
            octal(m.mode, 100, 8)
            octal(m.uid, 108, 8)
            octal(m.gid, 116, 8)
            octal(m.data.count, 124, 12)
            octal(1_700_000_000, 136, 12)
            put("        ", 148)
            put(String(m.type), 156)
            put(m.link, 157)
            put("ustar\u{0}00", 257)
            octal(header.reduce(0) { $0 + Int($1) }, 148, 7)
            out += header + m.data
            while out.count % 512 != 0 { out.append(0) }
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }
}
