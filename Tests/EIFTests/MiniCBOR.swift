/// A small CBOR reader for the tests (unsigned and negative integers, byte and text strings, arrays, maps),
/// so the signature section is checked without nitroforge's or the Attestation module's decoder.
indirect enum MiniCBOR: Equatable {
    case unsigned(UInt64)
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([MiniCBOR])
    case map([(MiniCBOR, MiniCBOR)])

    static func == (lhs: MiniCBOR, rhs: MiniCBOR) -> Bool { "\(lhs)" == "\(rhs)" }

    static func decode(_ bytes: [UInt8]) -> MiniCBOR? {
        var offset = 0
        let value = read(bytes, &offset)
        return offset == bytes.count ? value : nil
    }

    private static func read(_ bytes: [UInt8], _ offset: inout Int) -> MiniCBOR? {
        guard offset < bytes.count else { return nil }
        let initial = bytes[offset]
        offset += 1
        let major = initial >> 5
        let info = initial & 0x1F
        var argument: UInt64
        switch info {
        case 0..<24: argument = UInt64(info)
        case 24...27:
            let width = 1 << Int(info - 24)
            guard offset + width <= bytes.count else { return nil }
            argument = bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | UInt64($1) }
            offset += width
        default: return nil
        }
        switch major {
        case 0: return .unsigned(argument)
        case 1: return .negative(argument)
        case 2, 3:
            let end = offset + Int(argument)
            guard end <= bytes.count else { return nil }
            let slice = Array(bytes[offset..<end])
            offset = end
            return major == 2 ? .bytes(slice) : .text(String(decoding: slice, as: UTF8.self))
        case 4:
            var items: [MiniCBOR] = []
            for _ in 0..<argument {
                guard let item = read(bytes, &offset) else { return nil }
                items.append(item)
            }
            return .array(items)
        case 5:
            var entries: [(MiniCBOR, MiniCBOR)] = []
            for _ in 0..<argument {
                guard let key = read(bytes, &offset), let value = read(bytes, &offset) else { return nil }
                entries.append((key, value))
            }
            return .map(entries)
        default: return nil
        }
    }

    subscript(key: String) -> MiniCBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.0 == .text(key) }?.1
    }

    var array: [MiniCBOR]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// An array of small unsigned integers as bytes (serde's `Vec<u8>`).
    var byteArray: [UInt8]? {
        array?.compactMap { if case .unsigned(let v) = $0, v < 256 { UInt8(v) } else { nil } }
    }

    var bytesValue: [UInt8]? {
        if case .bytes(let b) = self { return b }
        return nil
    }

    /// Definite-length encoding of a byte or text string header plus content.
    static func encodeString(major: UInt8, _ content: [UInt8]) -> [UInt8] {
        let n = content.count
        let head: [UInt8] = n < 24 ? [major << 5 | UInt8(n)]
            : n < 256 ? [major << 5 | 24, UInt8(n)]
            : n < 65_536 ? [major << 5 | 25, UInt8(n >> 8), UInt8(n & 0xFF)]
            : [major << 5 | 26, UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
        return head + content
    }
}
