/// A CBOR data item (RFC 8949), limited to what Nitro formats use: integers, byte and text strings,
/// arrays, maps, tags, booleans and null. Floats and indefinite lengths are refused by the decoder.
public indirect enum CBOR: Sendable, Hashable {
    /// Major type 0.
    case unsigned(UInt64)
    /// Major type 1: the value is `-1 - n`, kept as `n` so the full range round-trips.
    case negative(UInt64)
    /// Major type 2.
    case bytes([UInt8])
    /// Major type 3.
    case text(String)
    /// Major type 4.
    case array([CBOR])
    /// Major type 5, entries in encoding order (NSM and serde write struct fields in declaration order).
    case map([MapEntry])
    /// Major type 6.
    case tagged(UInt64, CBOR)
    /// Simple values 20 and 21.
    case bool(Bool)
    /// Simple value 22.
    case null

    /// One key and value of a map.
    public struct MapEntry: Sendable, Hashable {
        public var key: CBOR
        public var value: CBOR

        public init(_ key: CBOR, _ value: CBOR) {
            self.key = key
            self.value = value
        }
    }

    /// A signed integer, whichever major type its sign needs.
    public static func integer(_ value: Int64) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    /// Bytes as serde's default encoding of `Vec<u8>` writes them: an array of small unsigned integers
    /// (the EIF signature section uses this, not byte strings).
    public static func uintArray(_ bytes: some Sequence<UInt8>) -> CBOR {
        .array(bytes.map { .unsigned(UInt64($0)) })
    }

    /// A map with text keys, in the order given.
    public static func textMap(_ entries: KeyValuePairs<String, CBOR>) -> CBOR {
        .map(entries.map { MapEntry(.text($0.key), $0.value) })
    }
}

extension CBOR {
    public var bytesValue: [UInt8]? {
        if case .bytes(let value) = self { return value }
        return nil
    }

    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var arrayValue: [CBOR]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var mapValue: [MapEntry]? {
        if case .map(let value) = self { return value }
        return nil
    }

    public var unsignedValue: UInt64? {
        if case .unsigned(let value) = self { return value }
        return nil
    }

    /// The value as `Int64`, or nil when it is not an integer or does not fit.
    public var integerValue: Int64? {
        switch self {
        case .unsigned(let value): return value <= UInt64(Int64.max) ? Int64(value) : nil
        case .negative(let value): return value <= UInt64(Int64.max) ? -1 - Int64(value) : nil
        default: return nil
        }
    }

    public var isNull: Bool {
        self == .null
    }

    /// The inverse of `uintArray`: nil unless every item is an unsigned integer below 256.
    public var uintArrayValue: [UInt8]? {
        guard case .array(let items) = self else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(items.count)
        for item in items {
            guard case .unsigned(let value) = item, value <= 0xFF else { return nil }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    /// The value of the first entry whose key is the text `key`, when this is a map.
    public subscript(key: String) -> CBOR? {
        mapValue?.first { $0.key == .text(key) }?.value
    }

    /// The value of the first entry whose key is the integer `key`, when this is a map.
    public subscript(integerKey key: Int64) -> CBOR? {
        mapValue?.first { $0.key == .integer(key) }?.value
    }

    /// A short name of the item's type, for error messages.
    public var typeName: String {
        switch self {
        case .unsigned, .negative: return "integer"
        case .bytes: return "byte string"
        case .text: return "text string"
        case .array: return "array"
        case .map: return "map"
        case .tagged: return "tag"
        case .bool: return "bool"
        case .null: return "null"
        }
    }
}
