import NIOCore

/// Section types of EIF version 4 (aws-nitro-enclaves-image-format `src/defs/mod.rs:164-173`).
/// Any other value is a parse error.
public enum EIFSectionType: UInt16, Sendable, CaseIterable, CustomStringConvertible {
    case kernel = 1
    case cmdline = 2
    case ramdisk = 3
    case signature = 4
    case metadata = 5

    public var description: String {
        switch self {
        case .kernel: "Kernel"
        case .cmdline: "Cmdline"
        case .ramdisk: "Ramdisk"
        case .signature: "Signature"
        case .metadata: "Metadata"
        }
    }
}

/// The 12-byte header in front of every section payload: type, flags (always 0), payload size.
public struct EIFSectionHeader: Sendable, Equatable {
    public static let size = 12

    public var type: EIFSectionType
    public var flags: UInt16
    public var payloadSize: UInt64

    public init(type: EIFSectionType, flags: UInt16 = 0, payloadSize: UInt64) {
        self.type = type
        self.flags = flags
        self.payloadSize = payloadSize
    }

    func encoded() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: Self.size)
        buffer.writeInteger(type.rawValue, endianness: .big)
        buffer.writeInteger(flags, endianness: .big)
        buffer.writeInteger(payloadSize, endianness: .big)
        return buffer
    }
}

/// Where a section's payload comes from when writing: a file streamed in chunks, or small bytes in memory.
public enum EIFSectionPayload: Sendable {
    case file(path: String)
    case bytes([UInt8])
}
