import Foundation

/// `measurements.json`, the shape `nitro-cli build-enclave` prints:
/// `{"Measurements": {"HashAlgorithm": "Sha384 { ... }", "PCR0": hex, "PCR1": hex, "PCR2": hex, "PCR8": hex}}`
/// (PCR8 only for a signed image). Keys nitroforge does not interpret, at either level, are kept and written back.
public struct Measurements: Sendable, Hashable, Codable {
    /// The top-level key nitroforge's EIF builder adds: the EIF's size in bytes.
    public static let eifSizeKey = "EIFSizeBytes"
    public static let defaultHashAlgorithm = "Sha384 { ... }"

    public var hashAlgorithm: String
    /// Lower-case hex SHA-384 values.
    public var pcr0: String
    public var pcr1: String
    public var pcr2: String
    public var pcr8: String?
    /// Size of the EIF in bytes, when the builder recorded it.
    public var eifSizeBytes: Int?
    /// Other keys inside `Measurements`, kept as read.
    public var otherMeasurements: [String: JSONValue]
    /// Other top-level keys, kept as read.
    public var otherKeys: [String: JSONValue]

    public init(
        pcr0: String, pcr1: String, pcr2: String, pcr8: String? = nil, eifSizeBytes: Int? = nil,
        hashAlgorithm: String = Measurements.defaultHashAlgorithm,
        otherMeasurements: [String: JSONValue] = [:], otherKeys: [String: JSONValue] = [:]
    ) {
        self.hashAlgorithm = hashAlgorithm
        self.pcr0 = pcr0.lowercased()
        self.pcr1 = pcr1.lowercased()
        self.pcr2 = pcr2.lowercased()
        self.pcr8 = pcr8?.lowercased()
        self.eifSizeBytes = eifSizeBytes
        self.otherMeasurements = otherMeasurements
        self.otherKeys = otherKeys
    }

    /// A debug-mode enclave reports all-zero PCR0, PCR1 and PCR2.
    public var isDebugMode: Bool {
        [pcr0, pcr1, pcr2].allSatisfy(Self.isZero)
    }

    /// Whether a PCR value is all zeros (what a debug-mode enclave reports).
    public static func isZero(_ pcr: String) -> Bool {
        !pcr.isEmpty && pcr.allSatisfy { $0 == "0" }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let known = ["HashAlgorithm", "PCR0", "PCR1", "PCR2", "PCR8"]

    public init(from decoder: Decoder) throws {
        let top = try decoder.container(keyedBy: Key.self)
        let inner = try top.nestedContainer(keyedBy: Key.self, forKey: Key("Measurements"))
        /// Lower-case hex of 48 bytes (SHA-384), the only form a PCR takes in this file.
        func pcr(_ name: String) throws -> String {
            let value = try inner.decode(String.self, forKey: Key(name)).lowercased()
            guard value.utf8.count == 96, Hex.decode(value) != nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: Key(name), in: inner, debugDescription: "\(name) is not 96 hex digits (SHA-384)")
            }
            return value
        }
        self.hashAlgorithm = try inner.decode(String.self, forKey: Key("HashAlgorithm"))
        self.pcr0 = try pcr("PCR0")
        self.pcr1 = try pcr("PCR1")
        self.pcr2 = try pcr("PCR2")
        self.pcr8 = inner.contains(Key("PCR8")) ? try pcr("PCR8") : nil
        self.eifSizeBytes = try top.decodeIfPresent(Int.self, forKey: Key(Self.eifSizeKey))
        var otherMeasurements: [String: JSONValue] = [:]
        for key in inner.allKeys where !Self.known.contains(key.stringValue) {
            otherMeasurements[key.stringValue] = try inner.decode(JSONValue.self, forKey: key)
        }
        var otherKeys: [String: JSONValue] = [:]
        for key in top.allKeys where !["Measurements", Self.eifSizeKey].contains(key.stringValue) {
            otherKeys[key.stringValue] = try top.decode(JSONValue.self, forKey: key)
        }
        self.otherMeasurements = otherMeasurements
        self.otherKeys = otherKeys
    }

    public func encode(to encoder: Encoder) throws {
        var top = encoder.container(keyedBy: Key.self)
        var inner = top.nestedContainer(keyedBy: Key.self, forKey: Key("Measurements"))
        try inner.encode(hashAlgorithm, forKey: Key("HashAlgorithm"))
        try inner.encode(pcr0.lowercased(), forKey: Key("PCR0"))
        try inner.encode(pcr1.lowercased(), forKey: Key("PCR1"))
        try inner.encode(pcr2.lowercased(), forKey: Key("PCR2"))
        try inner.encodeIfPresent(pcr8?.lowercased(), forKey: Key("PCR8"))
        for (key, value) in otherMeasurements where !Self.known.contains(key) {
            try inner.encode(value, forKey: Key(key))
        }
        try top.encodeIfPresent(eifSizeBytes, forKey: Key(Self.eifSizeKey))
        for (key, value) in otherKeys where !["Measurements", Self.eifSizeKey].contains(key) {
            try top.encode(value, forKey: Key(key))
        }
    }
}
