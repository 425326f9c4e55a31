/// Deterministic CBOR encoding: shortest-form heads and definite lengths (RFC 8949 §4.2.1), so one value
/// always gives the same bytes. Map entries keep the caller's order rather than being sorted, because the
/// formats we write (NSM messages, attestation payloads, EIF signatures) are serde structs whose fields
/// appear in declaration order.
public enum CBOREncoder {
    /// The encoding of `value`.
    public static func encode(_ value: CBOR) -> [UInt8] {
        var output: [UInt8] = []
        append(value, to: &output)
        return output
    }

    /// Appends the encoding of `value` to `output`.
    public static func append(_ value: CBOR, to output: inout [UInt8]) {
        switch value {
        case .unsigned(let number):
            appendHead(major: 0, argument: number, to: &output)
        case .negative(let number):
            appendHead(major: 1, argument: number, to: &output)
        case .bytes(let bytes):
            appendHead(major: 2, argument: UInt64(bytes.count), to: &output)
            output.append(contentsOf: bytes)
        case .text(let text):
            let utf8 = Array(text.utf8)
            appendHead(major: 3, argument: UInt64(utf8.count), to: &output)
            output.append(contentsOf: utf8)
        case .array(let items):
            appendHead(major: 4, argument: UInt64(items.count), to: &output)
            for item in items { append(item, to: &output) }
        case .map(let entries):
            appendHead(major: 5, argument: UInt64(entries.count), to: &output)
            for entry in entries {
                append(entry.key, to: &output)
                append(entry.value, to: &output)
            }
        case .tagged(let tag, let item):
            appendHead(major: 6, argument: tag, to: &output)
            append(item, to: &output)
        case .bool(let flag):
            output.append(flag ? 0xF5 : 0xF4)
        case .null:
            output.append(0xF6)
        }
    }

    /// Writes a major type and its argument in the shortest form.
    static func appendHead(major: UInt8, argument: UInt64, to output: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24:
            output.append(type | UInt8(argument))
        case 24...0xFF:
            output.append(type | 24)
            output.append(UInt8(argument))
        case 0x100...0xFFFF:
            output.append(type | 25)
            appendBigEndian(argument, byteCount: 2, to: &output)
        case 0x1_0000...0xFFFF_FFFF:
            output.append(type | 26)
            appendBigEndian(argument, byteCount: 4, to: &output)
        default:
            output.append(type | 27)
            appendBigEndian(argument, byteCount: 8, to: &output)
        }
    }

    private static func appendBigEndian(_ value: UInt64, byteCount: Int, to output: inout [UInt8]) {
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            output.append(UInt8(truncatingIfNeeded: value >> (UInt64(index) * 8)))
        }
    }
}
