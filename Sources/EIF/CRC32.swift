/// CRC-32 as zlib's `crc32` and the EIF format compute it (`crc::CRC_32_ISO_HDLC`: reflected polynomial
/// 0xEDB88320, initial value and final xor 0xFFFFFFFF). Slicing-by-8, because the EIF CRC covers every
/// byte of a multi-gigabyte image and must not be the slowest of the three passes over it.
public struct CRC32: Sendable, Equatable {
    /// The CRC of everything passed to `update` so far.
    public var value: UInt32 { ~state }
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        Self.tables.withUnsafeBufferPointer { table in
            while index + 8 <= count {
                let low = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self)) ^ crc
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[1 * 256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(base.load(fromByteOffset: index, as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        state = crc
    }

    public mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// The CRC of `first ‖ second`, from the CRCs of the two parts (zlib's `crc32_combine`), so two
    /// threads can each take half of a chunk.
    public static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        multiplyModP(xPower8N(secondLength), first) ^ second
    }

    /// Reflected polynomial product a·b mod p (zlib `multmodp`).
    private static func multiplyModP(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var b = b
        var product: UInt32 = 0
        var m: UInt32 = 1 << 31
        while true {
            if a & m != 0 {
                product ^= b
                if a & (m - 1) == 0 { break }
            }
            m >>= 1
            b = b & 1 != 0 ? (b >> 1) ^ 0xEDB8_8320 : b >> 1
        }
        return product
    }

    /// x^(8·n) mod p (zlib `x2nmodp`), by squaring.
    private static func xPower8N(_ n: Int) -> UInt32 {
        var power: UInt32 = 1 << 31  // x^0
        var n = n
        var k = 3
        while n != 0 {
            if n & 1 != 0 { power = multiplyModP(x2nTable[k & 31], power) }
            n >>= 1
            k += 1
        }
        return power
    }

    /// x^(2^k) mod p for k in 0..<32.
    private static let x2nTable: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 32)
        var p: UInt32 = 1 << 30  // x^1
        table[0] = p
        for k in 1..<32 {
            p = multiplyModP(p, p)
            table[k] = p
        }
        return table
    }()

    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            table[byte] = crc
        }
        for byte in 0..<256 {
            var crc = table[byte]
            for slice in 1..<8 {
                crc = table[Int(crc & 0xFF)] ^ (crc >> 8)
                table[slice * 256 + byte] = crc
            }
        }
        return table
    }()
}
