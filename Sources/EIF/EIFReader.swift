import NIOCore
import NitroFormats

/// One section as found in a file: where its 12-byte header starts and how large its payload is.
public struct EIFSectionInfo: Sendable, Equatable {
    public let index: Int
    public let type: EIFSectionType
    public let headerOffset: Int64
    public let payloadSize: Int64

    public var payloadOffset: Int64 { headerOffset + Int64(EIFSectionHeader.size) }
}

/// A checked EIF: its header, section table, CRC and PCRs (PCR8 is added by the signature check).
public struct EIFImage: Sendable {
    public let path: String
    public let fileSize: Int64
    public let header: EIFHeader
    public let sections: [EIFSectionInfo]
    public let measurements: EIFMeasurements

    public func sections(of type: EIFSectionType) -> [EIFSectionInfo] {
        sections.filter { $0.type == type }
    }

    /// A small section's payload (metadata, signature, cmdline), read into memory.
    public func payload(of section: EIFSectionInfo, limit: Int64 = 16 << 20) throws -> [UInt8] {
        guard section.payloadSize <= limit else {
            throw EIFFormatError(path: path, offset: section.payloadOffset, field: "section \(section.index) (\(section.type))",
                                 problem: "payload is \(section.payloadSize) bytes, more than the \(limit) this section may have")
        }
        let file = try BinaryFile.openForReading(path)
        let buffer = try file.read(count: Int(section.payloadSize), at: section.payloadOffset)
        return Array(buffer.readableBytesView)
    }
}

/// Reads and checks an EIF the way QEMU's independent reader (`hw/core/eif.c`) and the reference reader do:
/// magic, version ≥ 4, header flags, a section table that agrees with the section headers and with a
/// contiguous layout from byte 548 to the end of the file, known section types with zero flags, exactly one
/// kernel and cmdline, at least one ramdisk, and the CRC-32. The first problem found is reported with its
/// offset and field. PCRs are computed in the same streamed pass as the CRC.
public struct EIFReader: Sendable {
    public init() {}

    public func read(path: String, progress: (@Sendable (Int64) -> Void)? = nil) throws -> EIFImage {
        let file = try BinaryFile.openForReading(path)
        let fileSize = try file.size()
        func fail(_ offset: Int64, _ field: String, _ problem: String) -> EIFFormatError {
            EIFFormatError(path: path, offset: offset, field: field, problem: problem)
        }
        guard fileSize >= Int64(EIFHeader.size) else {
            throw fail(fileSize, "header", "the file is \(fileSize) bytes, shorter than the \(EIFHeader.size)-byte EIF header")
        }
        var headerBytes = try file.read(count: EIFHeader.size, at: 0)
        let header = try parseHeader(&headerBytes, fail: fail)
        let sections = try parseSectionTable(header, file: file, fileSize: fileSize, fail: fail)
        try checkSectionCounts(sections, fail: fail)

        let digester = SectionDigester()
        headerBytes.moveReaderIndex(to: 0)
        digester.absorb(headerBytes.getSlice(at: 0, length: EIFHeader.crcOffset)!, region: .unmeasured)
        progress?(Int64(EIFHeader.size))
        var ramdisksSeen = 0
        for section in sections {
            let region: MeasuredRegion
            switch section.type {
            case .kernel, .cmdline: region = .boot
            case .ramdisk:
                region = ramdisksSeen == 0 ? .boot : .customer
                ramdisksSeen += 1
            case .metadata, .signature: region = .unmeasured
            }
            digester.absorb(try file.read(count: EIFSectionHeader.size, at: section.headerOffset), region: .unmeasured)
            try digester.absorb(file, range: section.payloadOffset..<(section.payloadOffset + section.payloadSize), region: region) {
                progress?(Int64($0.count))
            }
        }
        guard digester.crc == header.crc32 else {
            throw fail(Int64(EIFHeader.crcOffset), "eif_crc32", "the header says 0x\(Self.hex32(header.crc32)) but the file's bytes give 0x\(Self.hex32(digester.crc))")
        }
        return EIFImage(path: path, fileSize: fileSize, header: header, sections: sections, measurements: digester.measurements())
    }

    private func parseHeader(_ bytes: inout ByteBuffer, fail: (Int64, String, String) -> EIFFormatError) throws -> EIFHeader {
        let magic = bytes.readBytes(length: 4)!
        guard magic == EIFHeader.magic else {
            throw fail(0, "magic", "expected 2e656966 (\".eif\"), found \(Hex.encode(magic))")
        }
        let version: UInt16 = bytes.readInteger(endianness: .big)!
        guard version >= EIFHeader.currentVersion else {
            throw fail(4, "version", "version \(version) is not supported; EIF version 4 or later is required")
        }
        let flags: UInt16 = bytes.readInteger(endianness: .big)!
        guard flags & ~1 == 0 else {
            throw fail(6, "flags", "0x\(String(flags, radix: 16)) sets bits other than bit 0 (aarch64)")
        }
        let memory: UInt64 = bytes.readInteger(endianness: .big)!
        let cpus: UInt64 = bytes.readInteger(endianness: .big)!
        _ = bytes.readInteger(endianness: .big, as: UInt16.self)
        let count = Int(bytes.readInteger(endianness: .big, as: UInt16.self)!)
        guard (1...EIFHeader.maximumSections).contains(count) else {
            throw fail(26, "num_sections", "\(count) is outside 1...\(EIFHeader.maximumSections)")
        }
        let offsets = (0..<EIFHeader.maximumSections).map { _ in bytes.readInteger(endianness: .big, as: UInt64.self)! }
        let sizes = (0..<EIFHeader.maximumSections).map { _ in bytes.readInteger(endianness: .big, as: UInt64.self)! }
        _ = bytes.readInteger(endianness: .big, as: UInt32.self)
        let crc: UInt32 = bytes.readInteger(endianness: .big)!
        return EIFHeader(version: version, flags: flags, defaultMemory: memory, defaultCPUs: cpus,
                         sectionOffsets: Array(offsets[..<count]), sectionSizes: Array(sizes[..<count]), crc32: crc)
    }

    private func parseSectionTable(
        _ header: EIFHeader, file: BinaryFile, fileSize: Int64, fail: (Int64, String, String) -> EIFFormatError
    ) throws -> [EIFSectionInfo] {
        var sections: [EIFSectionInfo] = []
        var expectedOffset = Int64(EIFHeader.size)
        for index in 0..<header.sectionCount {
            let offsetField = Int64(28 + 8 * index)
            let sizeField = Int64(284 + 8 * index)
            guard header.sectionOffsets[index] == UInt64(expectedOffset) else {
                throw fail(offsetField, "section_offsets[\(index)]",
                           "is \(header.sectionOffsets[index]) but \(index == 0 ? "the header ends" : "section \(index - 1) ends") at \(expectedOffset); sections must follow each other")
            }
            guard expectedOffset + Int64(EIFSectionHeader.size) <= fileSize else {
                throw fail(expectedOffset, "section \(index) header", "truncated: the file ends at \(fileSize)")
            }
            var bytes = try file.read(count: EIFSectionHeader.size, at: expectedOffset)
            let rawType: UInt16 = bytes.readInteger(endianness: .big)!
            guard let type = EIFSectionType(rawValue: rawType) else {
                throw fail(expectedOffset, "section \(index) section_type", "\(rawType) is not a section type (1 Kernel, 2 Cmdline, 3 Ramdisk, 4 Signature, 5 Metadata)")
            }
            let flags: UInt16 = bytes.readInteger(endianness: .big)!
            guard flags == 0 else {
                throw fail(expectedOffset + 2, "section \(index) flags", "0x\(String(flags, radix: 16)) must be 0")
            }
            let size: UInt64 = bytes.readInteger(endianness: .big)!
            guard size == header.sectionSizes[index] else {
                throw fail(sizeField, "section_sizes[\(index)]", "is \(header.sectionSizes[index]) but the \(type) section header at \(expectedOffset) says \(size)")
            }
            let payloadOffset = expectedOffset + Int64(EIFSectionHeader.size)
            guard size <= UInt64(fileSize - payloadOffset) else {
                throw fail(payloadOffset, "section \(index) (\(type)) payload",
                           "truncated: \(size) bytes are declared but the file ends after \(fileSize - payloadOffset)")
            }
            sections.append(EIFSectionInfo(index: index, type: type, headerOffset: expectedOffset, payloadSize: Int64(size)))
            expectedOffset = payloadOffset + Int64(size)
        }
        guard expectedOffset == fileSize else {
            throw fail(expectedOffset, "num_sections", "\(fileSize - expectedOffset) bytes follow the last of the \(header.sectionCount) sections in the table")
        }
        return sections
    }

    private func checkSectionCounts(_ sections: [EIFSectionInfo], fail: (Int64, String, String) -> EIFFormatError) throws {
        func count(_ type: EIFSectionType) -> Int { sections.filter { $0.type == type }.count }
        for (type, allowed) in [(EIFSectionType.kernel, 1...1), (.cmdline, 1...1), (.ramdisk, 1...EIFHeader.maximumSections),
                                (.metadata, 0...1), (.signature, 0...1)] where !allowed.contains(count(type)) {
            let expectation = allowed.lowerBound == allowed.upperBound ? "exactly \(allowed.lowerBound)"
                : allowed.lowerBound == 0 ? "at most \(allowed.upperBound)" : "at least \(allowed.lowerBound)"
            throw fail(26, "sections", "\(count(type)) \(type) sections; an EIF has \(expectation)")
        }
    }

    static func hex32(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// An EIF breaks the format: the file, the byte offset and field where, and what is wrong.
public struct EIFFormatError: Error, CustomStringConvertible {
    public let path: String
    public let offset: Int64
    public let field: String
    public let problem: String

    public var description: String {
        "\(path): not a valid EIF: offset \(offset) (\(field)): \(problem)"
    }
}
