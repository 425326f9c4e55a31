/// A strict CBOR decoder for untrusted input: definite lengths only, bounded depth and size, no
/// duplicate map keys, and lengths checked against the remaining input before anything is allocated.
public struct CBORDecoder: Sendable {
    /// Bounds that keep hostile input from exhausting memory or stack.
    public struct Limits: Sendable {
        /// Largest accepted input, in bytes.
        public var maxInputBytes: Int
        /// Deepest accepted nesting of arrays, maps and tags (the top-level item is depth 1).
        public var maxDepth: Int
        /// Most elements accepted in one array or map.
        public var maxContainerCount: Int

        public init(maxInputBytes: Int = 1 << 20, maxDepth: Int = 16, maxContainerCount: Int = 65_536) {
            self.maxInputBytes = maxInputBytes
            self.maxDepth = maxDepth
            self.maxContainerCount = maxContainerCount
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Decodes exactly one item that spans the whole input.
    public func decode(_ input: [UInt8]) throws(CBORError) -> CBOR {
        guard input.count <= limits.maxInputBytes else {
            throw CBORError(.inputTooLarge(size: input.count, limit: limits.maxInputBytes), at: 0)
        }
        var reader = Reader(bytes: input, limits: limits)
        let value = try reader.readItem(depth: 1)
        guard reader.position == input.count else {
            throw CBORError(.trailingBytes(count: input.count - reader.position), at: reader.position)
        }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        let limits: Limits
        var position = 0

        mutating func readItem(depth: Int) throws(CBORError) -> CBOR {
            let start = position
            guard depth <= limits.maxDepth else { throw CBORError(.tooDeep(limit: limits.maxDepth), at: start) }
            let initial = try readByte()
            let major = initial >> 5
            let info = initial & 0x1F
            if major == 7 {
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                default: throw CBORError(.unsupportedSimpleValue(initial), at: start)
                }
            }
            let argument = try readArgument(info: info, start: start)
            switch major {
            case 0:
                return .unsigned(argument)
            case 1:
                return .negative(argument)
            case 2:
                return .bytes(try readBytes(count: argument, start: start))
            case 3:
                let utf8 = try readBytes(count: argument, start: start)
                guard let text = String(validating: utf8, as: UTF8.self) else { throw CBORError(.invalidUTF8, at: start) }
                return .text(text)
            case 4:
                let count = try containerCount(argument, minimumItemBytes: 1, start: start)
                var items: [CBOR] = []
                items.reserveCapacity(count)
                for _ in 0..<count { items.append(try readItem(depth: depth + 1)) }
                return .array(items)
            case 5:
                let count = try containerCount(argument, minimumItemBytes: 2, start: start)
                var entries: [CBOR.MapEntry] = []
                entries.reserveCapacity(count)
                var seen = Set<CBOR>()
                for _ in 0..<count {
                    let keyStart = position
                    let key = try readItem(depth: depth + 1)
                    guard seen.insert(key).inserted else { throw CBORError(.duplicateMapKey, at: keyStart) }
                    entries.append(CBOR.MapEntry(key, try readItem(depth: depth + 1)))
                }
                return .map(entries)
            default:
                return .tagged(argument, try readItem(depth: depth + 1))
            }
        }

        private mutating func readByte() throws(CBORError) -> UInt8 {
            guard position < bytes.count else { throw CBORError(.truncated, at: position) }
            defer { position += 1 }
            return bytes[position]
        }

        private mutating func readArgument(info: UInt8, start: Int) throws(CBORError) -> UInt64 {
            let width: Int
            switch info {
            case 0..<24: return UInt64(info)
            case 24: width = 1
            case 25: width = 2
            case 26: width = 4
            case 27: width = 8
            case 31: throw CBORError(.indefiniteLength, at: start)
            default: throw CBORError(.reservedAdditionalInformation(info), at: start)
            }
            guard bytes.count - position >= width else { throw CBORError(.truncated, at: start) }
            var value: UInt64 = 0
            for _ in 0..<width {
                value = value << 8 | UInt64(bytes[position])
                position += 1
            }
            return value
        }

        private mutating func readBytes(count: UInt64, start: Int) throws(CBORError) -> [UInt8] {
            guard count <= UInt64(bytes.count - position) else {
                throw CBORError(count <= UInt64(limits.maxInputBytes) ? .truncated : .lengthTooLarge(length: count), at: start)
            }
            let end = position + Int(count)
            defer { position = end }
            return Array(bytes[position..<end])
        }

        /// An element count is plausible only if the remaining input could hold that many items.
        private func containerCount(_ count: UInt64, minimumItemBytes: UInt64, start: Int) throws(CBORError) -> Int {
            guard count <= UInt64(limits.maxContainerCount) else { throw CBORError(.lengthTooLarge(length: count), at: start) }
            guard count * minimumItemBytes <= UInt64(bytes.count - position) else { throw CBORError(.truncated, at: start) }
            return Int(count)
        }
    }
}
