import NIOCore

/// Target architecture, bit 0 of the header flags (`EIF_HDR_ARCH_ARM64`).
public enum EIFArchitecture: String, Sendable, Codable, CaseIterable {
    case x86_64
    case aarch64

    var flags: UInt16 { self == .aarch64 ? 1 : 0 }

    /// The architecture nitroforge itself was built for, the default target.
    public static var host: EIFArchitecture {
        #if arch(arm64)
        .aarch64
        #else
        .x86_64
        #endif
    }
}

/// The 548-byte EIF header (all integers big-endian), aws-nitro-enclaves-image-format `src/defs/mod.rs:19-161`.
public struct EIFHeader: Sendable, Equatable {
    public static let size = 548
    public static let magic: [UInt8] = [0x2E, 0x65, 0x69, 0x66]
    public static let currentVersion: UInt16 = 4
    public static let maximumSections = 32
    /// Offset of `eif_crc32`; the CRC covers the header bytes before it.
    public static let crcOffset = 544

    public var version: UInt16 = Self.currentVersion
    public var flags: UInt16
    /// What the reference builder writes: 1 GiB and 2 vCPUs (`src/utils/mod.rs:137-138`).
    public var defaultMemory: UInt64 = 1 << 30
    public var defaultCPUs: UInt64 = 2
    public var sectionOffsets: [UInt64]
    public var sectionSizes: [UInt64]
    public var crc32: UInt32

    public var architecture: EIFArchitecture { flags & 1 == 1 ? .aarch64 : .x86_64 }
    public var sectionCount: Int { sectionOffsets.count }

    public init(architecture: EIFArchitecture, sectionOffsets: [UInt64], sectionSizes: [UInt64], crc32: UInt32 = 0) {
        self.flags = architecture.flags
        self.sectionOffsets = sectionOffsets
        self.sectionSizes = sectionSizes
        self.crc32 = crc32
    }

    init(version: UInt16, flags: UInt16, defaultMemory: UInt64, defaultCPUs: UInt64,
         sectionOffsets: [UInt64], sectionSizes: [UInt64], crc32: UInt32) {
        self.version = version
        self.flags = flags
        self.defaultMemory = defaultMemory
        self.defaultCPUs = defaultCPUs
        self.sectionOffsets = sectionOffsets
        self.sectionSizes = sectionSizes
        self.crc32 = crc32
    }

    /// The 548 header bytes; unused section slots are zero.
    func encoded() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: Self.size)
        buffer.writeBytes(Self.magic)
        buffer.writeInteger(version, endianness: .big)
        buffer.writeInteger(flags, endianness: .big)
        buffer.writeInteger(defaultMemory, endianness: .big)
        buffer.writeInteger(defaultCPUs, endianness: .big)
        buffer.writeInteger(UInt16(0), endianness: .big)
        buffer.writeInteger(UInt16(sectionOffsets.count), endianness: .big)
        for index in 0..<Self.maximumSections {
            buffer.writeInteger(index < sectionOffsets.count ? sectionOffsets[index] : 0, endianness: .big)
        }
        for index in 0..<Self.maximumSections {
            buffer.writeInteger(index < sectionSizes.count ? sectionSizes[index] : 0, endianness: .big)
        }
        buffer.writeInteger(UInt32(0), endianness: .big)
        buffer.writeInteger(crc32, endianness: .big)
        return buffer
    }
}
