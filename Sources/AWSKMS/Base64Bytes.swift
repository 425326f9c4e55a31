import Foundation

/// KMS byte fields: `[UInt8]` in Swift, base64 strings on the wire.
struct Base64Bytes: Codable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not base64"))
        }
        bytes = Array(data)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes).base64EncodedString())
    }
}

extension KeyedDecodingContainer {
    func decodeBytes(_ key: Key) throws -> [UInt8] {
        try decode(Base64Bytes.self, forKey: key).bytes
    }

    func decodeBytesIfPresent(_ key: Key) throws -> [UInt8]? {
        try decodeIfPresent(Base64Bytes.self, forKey: key)?.bytes
    }
}

extension KeyedEncodingContainer {
    mutating func encodeBytes(_ bytes: [UInt8], forKey key: Key) throws {
        try encode(Base64Bytes(bytes), forKey: key)
    }

    /// Empty collections are left out, as the AWS SDKs leave out unset members.
    mutating func encodeUnlessEmpty<T: Encodable & Collection>(_ value: T, forKey key: Key) throws {
        if !value.isEmpty { try encode(value, forKey: key) }
    }
}
