/// Why CBOR decoding stopped, and the byte offset (from the start of the input) where it did.
public struct CBORError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The input ended inside an item.
        case truncated
        /// The input is larger than the decoder's limit.
        case inputTooLarge(size: Int, limit: Int)
        /// Arrays, maps and tags are nested deeper than the decoder's limit.
        case tooDeep(limit: Int)
        /// A string, array or map announces more elements than the limit or the remaining input allows.
        case lengthTooLarge(length: UInt64)
        /// Additional information 28-30, which RFC 8949 reserves.
        case reservedAdditionalInformation(UInt8)
        /// Indefinite-length items (additional information 31): not used by the formats we read.
        case indefiniteLength
        /// Floats and simple values other than false, true and null.
        case unsupportedSimpleValue(UInt8)
        /// A text string that is not valid UTF-8.
        case invalidUTF8
        /// The same key twice in one map, which would let two readers see different values.
        case duplicateMapKey
        /// Bytes left over after the top-level item.
        case trailingBytes(count: Int)
    }

    public var reason: Reason
    /// Offset of the first byte of the item where decoding stopped.
    public var offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch reason {
        case .truncated: what = "input ends inside an item"
        case .inputTooLarge(let size, let limit): what = "input is \(size) bytes, more than the limit of \(limit)"
        case .tooDeep(let limit): what = "nesting deeper than \(limit) levels"
        case .lengthTooLarge(let length): what = "length \(length) exceeds the remaining input or the limit"
        case .reservedAdditionalInformation(let info): what = "reserved additional information \(info)"
        case .indefiniteLength: what = "indefinite-length item (not supported)"
        case .unsupportedSimpleValue(let value): what = "unsupported simple value or float (initial byte 0x\(String(value, radix: 16)))"
        case .invalidUTF8: what = "text string is not valid UTF-8"
        case .duplicateMapKey: what = "duplicate map key"
        case .trailingBytes(let count): what = "\(count) bytes after the end of the item"
        }
        return "CBOR: \(what) at byte offset \(offset)"
    }
}
