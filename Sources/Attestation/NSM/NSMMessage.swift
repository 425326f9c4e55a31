import NitroFormats

/// NSM requests as the driver expects them: serde "externally tagged" enums in CBOR, where a unit variant is
/// a text string and a struct variant a one-entry map `{name: {fields}}` (aws-nitro-enclaves-nsm-api
/// `src/api/mod.rs`).
public enum NSMRequest: Sendable, Equatable {
    case describePCR(index: UInt16)
    case extendPCR(index: UInt16, data: [UInt8])
    case lockPCR(index: UInt16)
    /// Locks PCRs `0..<range`.
    case lockPCRs(range: UInt16)
    case describeNSM
    case attestation(userData: [UInt8]?, nonce: [UInt8]?, publicKey: [UInt8]?)
    case getRandom

    public var cbor: CBOR {
        switch self {
        case .describePCR(let index): return .textMap(["DescribePCR": .textMap(["index": .unsigned(UInt64(index))])])
        case .extendPCR(let index, let data):
            return .textMap(["ExtendPCR": .textMap(["index": .unsigned(UInt64(index)), "data": .bytes(data)])])
        case .lockPCR(let index): return .textMap(["LockPCR": .textMap(["index": .unsigned(UInt64(index))])])
        case .lockPCRs(let range): return .textMap(["LockPCRs": .textMap(["range": .unsigned(UInt64(range))])])
        case .describeNSM: return .text("DescribeNSM")
        case .attestation(let userData, let nonce, let publicKey):
            return .textMap(["Attestation": .textMap([
                "user_data": userData.map(CBOR.bytes) ?? .null,
                "nonce": nonce.map(CBOR.bytes) ?? .null,
                "public_key": publicKey.map(CBOR.bytes) ?? .null,
            ])])
        case .getRandom: return .text("GetRandom")
        }
    }

    /// Reads a request (the emulator's side of the device).
    public init(cbor: CBOR) throws(NSMError) {
        let (name, fields) = try NSMVariant.split(cbor)
        switch name {
        case "DescribeNSM": self = .describeNSM
        case "GetRandom": self = .getRandom
        case "DescribePCR": self = .describePCR(index: try fields.index("index"))
        case "ExtendPCR": self = .extendPCR(index: try fields.index("index"), data: try fields.bytes("data"))
        case "LockPCR": self = .lockPCR(index: try fields.index("index"))
        case "LockPCRs": self = .lockPCRs(range: try fields.index("range"))
        case "Attestation":
            self = .attestation(userData: try fields.optionalBytes("user_data"), nonce: try fields.optionalBytes("nonce"),
                                publicKey: try fields.optionalBytes("public_key"))
        default: throw .malformed("unknown request \(name)")
        }
    }
}

/// NSM responses (same encoding as requests).
public enum NSMResponse: Sendable, Equatable {
    case describePCR(locked: Bool, data: [UInt8])
    case extendPCR(data: [UInt8])
    case lockPCR
    case lockPCRs
    case describeNSM(NSMDescription)
    case attestation(document: [UInt8])
    case getRandom(random: [UInt8])
    case error(NSMErrorCode)

    public var cbor: CBOR {
        switch self {
        case .describePCR(let locked, let data): return .textMap(["DescribePCR": .textMap(["lock": .bool(locked), "data": .bytes(data)])])
        case .extendPCR(let data): return .textMap(["ExtendPCR": .textMap(["data": .bytes(data)])])
        case .lockPCR: return .text("LockPCR")
        case .lockPCRs: return .text("LockPCRs")
        case .describeNSM(let description): return .textMap(["DescribeNSM": description.cbor])
        case .attestation(let document): return .textMap(["Attestation": .textMap(["document": .bytes(document)])])
        case .getRandom(let random): return .textMap(["GetRandom": .textMap(["random": .bytes(random)])])
        case .error(let code): return .textMap(["Error": .text(code.rawValue)])
        }
    }

    public init(cbor: CBOR) throws(NSMError) {
        if let error = cbor["Error"] {
            guard let name = error.textValue, let code = NSMErrorCode(rawValue: name) else { throw .malformed("unknown error \(error)") }
            self = .error(code)
            return
        }
        let (name, fields) = try NSMVariant.split(cbor)
        switch name {
        case "DescribePCR":
            guard case .bool(let locked)? = fields.value["lock"] else { throw .malformed("DescribePCR.lock is not a bool") }
            self = .describePCR(locked: locked, data: try fields.bytes("data"))
        case "ExtendPCR": self = .extendPCR(data: try fields.bytes("data"))
        case "LockPCR": self = .lockPCR
        case "LockPCRs": self = .lockPCRs
        case "DescribeNSM": self = .describeNSM(try NSMDescription(fields))
        case "Attestation": self = .attestation(document: try fields.bytes("document"))
        case "GetRandom": self = .getRandom(random: try fields.bytes("random"))
        default: throw .malformed("unknown response \(name)")
        }
    }
}

/// Error codes of the NSM (`ErrorCode` in the NSM API).
public enum NSMErrorCode: String, Sendable, Equatable, CaseIterable {
    case success = "Success"
    case invalidArgument = "InvalidArgument"
    case invalidIndex = "InvalidIndex"
    case invalidResponse = "InvalidResponse"
    case readOnlyIndex = "ReadOnlyIndex"
    case invalidOperation = "InvalidOperation"
    case bufferTooSmall = "BufferTooSmall"
    case inputTooLarge = "InputTooLarge"
    case internalError = "InternalError"
}

/// The variant name and field map of an externally tagged enum value.
struct NSMVariant {
    let name: String
    let value: CBOR

    static func split(_ cbor: CBOR) throws(NSMError) -> (String, NSMVariant) {
        if let name = cbor.textValue { return (name, NSMVariant(name: name, value: .map([]))) }
        guard let entries = cbor.mapValue, entries.count == 1, let name = entries[0].key.textValue else {
            throw .malformed("expected a variant name or a one-entry map, found a \(cbor.typeName)")
        }
        guard entries[0].value.mapValue != nil else { throw .malformed("\(name) fields are not a map") }
        return (name, NSMVariant(name: name, value: entries[0].value))
    }

    func index(_ field: String) throws(NSMError) -> UInt16 {
        guard let number = value[field]?.unsignedValue, number <= UInt64(UInt16.max) else {
            throw .malformed("\(name).\(field) is not a 16-bit unsigned integer")
        }
        return UInt16(number)
    }

    func bytes(_ field: String) throws(NSMError) -> [UInt8] {
        guard let bytes = value[field]?.bytesValue else { throw .malformed("\(name).\(field) is not a byte string") }
        return bytes
    }

    func optionalBytes(_ field: String) throws(NSMError) -> [UInt8]? {
        guard let item = value[field], !item.isNull else { return nil }
        guard let bytes = item.bytesValue else { throw .malformed("\(name).\(field) is not a byte string or null") }
        return bytes
    }
}
