import NitroFormats

/// The payload of an NSM attestation document (nitro-formats.md §6), with every field rule of AWS's
/// attestation process checked while reading, so no later step sees an out-of-range value.
public struct AttestationDocument: Sendable, Equatable {
    public var moduleID: String
    /// Always "SHA384" in a valid document.
    public var digest: String
    /// Milliseconds since the Unix epoch, when the NSM produced the document.
    public var timestamp: UInt64
    /// PCR index → value.
    public var pcrs: [Int: [UInt8]]
    /// The leaf certificate (DER) whose key signed the document.
    public var certificate: [UInt8]
    /// The issuing chain (DER), root first.
    public var cabundle: [[UInt8]]
    public var publicKey: [UInt8]?
    public var userData: [UInt8]?
    public var nonce: [UInt8]?

    /// Field bounds from AWS's attestation process document.
    public enum Bounds {
        public static let pcrCount = 1...32
        public static let pcrIndex = 0...31
        public static let pcrLengths: Set<Int> = [32, 48, 64]
        public static let certificateLength = 1...1024
        public static let publicKeyLength = 1...1024
        public static let userDataLength = 0...512
        public static let nonceLength = 0...512
    }

    public init(
        moduleID: String, digest: String = "SHA384", timestamp: UInt64, pcrs: [Int: [UInt8]], certificate: [UInt8],
        cabundle: [[UInt8]], publicKey: [UInt8]? = nil, userData: [UInt8]? = nil, nonce: [UInt8]? = nil
    ) {
        self.moduleID = moduleID
        self.digest = digest
        self.timestamp = timestamp
        self.pcrs = pcrs
        self.certificate = certificate
        self.cabundle = cabundle
        self.publicKey = publicKey
        self.userData = userData
        self.nonce = nonce
    }

    /// Reads and checks a payload map.
    public init(payload: CBOR) throws(AttestationError) {
        guard let entries = payload.mapValue else { throw .field("payload", "is a \(payload.typeName), not a map") }
        let known: Set<String> = ["module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle", "public_key", "user_data", "nonce"]
        for entry in entries {
            guard let key = entry.key.textValue else { throw .field("payload", "has a \(entry.key.typeName) key") }
            guard known.contains(key) else { throw .field(key, "is not a field of an attestation document") }
        }
        let reader = FieldReader(payload: payload)
        moduleID = try reader.text("module_id")
        guard !moduleID.isEmpty else { throw .field("module_id", "is empty") }
        digest = try reader.text("digest")
        guard digest == "SHA384" else { throw .field("digest", "is \"\(digest)\", not \"SHA384\"") }
        timestamp = try reader.unsigned("timestamp")
        guard timestamp > 0 else { throw .field("timestamp", "is 0") }
        pcrs = try reader.pcrs()
        certificate = try reader.bytes("certificate", length: Bounds.certificateLength)
        cabundle = try reader.cabundle()
        publicKey = try reader.optionalBytes("public_key", length: Bounds.publicKeyLength)
        userData = try reader.optionalBytes("user_data", length: Bounds.userDataLength)
        nonce = try reader.optionalBytes("nonce", length: Bounds.nonceLength)
    }

    /// The payload as the NSM writes it: fields in AWS's order, absent optionals as null.
    public var payload: CBOR {
        .textMap([
            "module_id": .text(moduleID),
            "digest": .text(digest),
            "timestamp": .unsigned(timestamp),
            "pcrs": .map(pcrs.keys.sorted().map { CBOR.MapEntry(.unsigned(UInt64($0)), .bytes(pcrs[$0]!)) }),
            "certificate": .bytes(certificate),
            "cabundle": .array(cabundle.map(CBOR.bytes)),
            "public_key": publicKey.map(CBOR.bytes) ?? .null,
            "user_data": userData.map(CBOR.bytes) ?? .null,
            "nonce": nonce.map(CBOR.bytes) ?? .null,
        ])
    }

    /// True when PCR0 is all zeros, which the NSM reports for enclaves started in debug mode.
    public var isDebugMode: Bool {
        guard let pcr0 = pcrs[0] else { return false }
        return pcr0.allSatisfy { $0 == 0 }
    }
}

/// Typed reads of payload fields, each failure naming the field.
private struct FieldReader {
    let payload: CBOR

    func required(_ name: String) throws(AttestationError) -> CBOR {
        guard let value = payload[name] else { throw .field(name, "is missing") }
        return value
    }

    func text(_ name: String) throws(AttestationError) -> String {
        let value = try required(name)
        guard let text = value.textValue else { throw .field(name, "is a \(value.typeName), not a text string") }
        return text
    }

    func unsigned(_ name: String) throws(AttestationError) -> UInt64 {
        let value = try required(name)
        guard let number = value.unsignedValue else { throw .field(name, "is a \(value.typeName), not an unsigned integer") }
        return number
    }

    func bytes(_ name: String, length: ClosedRange<Int>) throws(AttestationError) -> [UInt8] {
        try Self.bytes(try required(name), name: name, length: length)
    }

    func optionalBytes(_ name: String, length: ClosedRange<Int>) throws(AttestationError) -> [UInt8]? {
        guard let value = payload[name], !value.isNull else { return nil }
        return try Self.bytes(value, name: name, length: length)
    }

    func pcrs() throws(AttestationError) -> [Int: [UInt8]] {
        let value = try required("pcrs")
        guard let entries = value.mapValue else { throw .field("pcrs", "is a \(value.typeName), not a map") }
        let bounds = AttestationDocument.Bounds.self
        guard bounds.pcrCount.contains(entries.count) else { throw .field("pcrs", "has \(entries.count) entries, allowed \(bounds.pcrCount)") }
        var result: [Int: [UInt8]] = [:]
        for entry in entries {
            guard let index = entry.key.unsignedValue, index <= UInt64(bounds.pcrIndex.upperBound) else {
                throw .field("pcrs", "has key \(entry.key), not an index in \(bounds.pcrIndex)")
            }
            guard let pcr = entry.value.bytesValue, bounds.pcrLengths.contains(pcr.count) else {
                throw .field("pcrs[\(index)]", "is not a byte string of 32, 48 or 64 bytes")
            }
            result[Int(index)] = pcr
        }
        return result
    }

    func cabundle() throws(AttestationError) -> [[UInt8]] {
        let value = try required("cabundle")
        guard let items = value.arrayValue else { throw .field("cabundle", "is a \(value.typeName), not an array") }
        guard !items.isEmpty else { throw .field("cabundle", "is empty") }
        var certificates: [[UInt8]] = []
        for (index, item) in items.enumerated() {
            certificates.append(try Self.bytes(item, name: "cabundle[\(index)]", length: AttestationDocument.Bounds.certificateLength))
        }
        return certificates
    }

    static func bytes(_ value: CBOR, name: String, length: ClosedRange<Int>) throws(AttestationError) -> [UInt8] {
        guard let bytes = value.bytesValue else { throw .field(name, "is a \(value.typeName), not a byte string") }
        guard length.contains(bytes.count) else { throw .field(name, "is \(bytes.count) bytes, allowed \(length)") }
        return bytes
    }
}
