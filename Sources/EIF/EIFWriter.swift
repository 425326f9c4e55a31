import BulkDigest
import Foundation
import NIOCore

/// What goes into an EIF: sections in the order the reference builder writes them
/// (kernel, cmdline, metadata, ramdisks with the bootstrap ramdisk first, then the signature).
public struct EIFContents: Sendable {
    public var architecture: EIFArchitecture
    public var kernel: EIFSectionPayload
    public var cmdline: [UInt8]
    public var metadata: EIFMetadata
    public var ramdisks: [EIFSectionPayload]

    public init(architecture: EIFArchitecture, kernel: EIFSectionPayload, cmdline: [UInt8],
                metadata: EIFMetadata, ramdisks: [EIFSectionPayload]) {
        self.architecture = architecture
        self.kernel = kernel
        self.cmdline = cmdline
        self.metadata = metadata
        self.ramdisks = ramdisks
    }
}

/// What a finished write produced.
public struct EIFWriteResult: Sendable {
    public let measurements: EIFMeasurements
    public let size: Int64
    public let crc32: UInt32
}

/// Writes an EIF version 4 in one streamed pass: each payload is read in chunks, hashed for the CRC and
/// the PCRs on two threads, and written while it is hashed. The header comes last (its CRC is combined
/// from the header bytes and the already-known CRC of the sections), so the signature over PCR0 needs no
/// second pass.
/// The file appears at `path` only when complete.
public struct EIFWriter: Sendable {
    public init() {}

    public func write(
        _ contents: EIFContents, signer: (any EIFSigning)? = nil, to path: String,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) throws -> EIFWriteResult {
        let temporaryPath = Self.temporaryPath(beside: path)
        do {
            let result = try writeFile(contents, signer: signer, to: temporaryPath, progress: progress)
            guard rename(temporaryPath, path) == 0 else { throw EIFIOError(path: path, operation: "rename", errno: errno) }
            return result
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// The total size the file will have without a signature, for progress reporting.
    public func plannedSize(of contents: EIFContents) throws -> Int64 {
        var total = Int64(EIFHeader.size)
        for payload in sections(of: contents) {
            total += Int64(EIFSectionHeader.size) + (try Self.size(of: payload.payload))
        }
        return total
    }

    private func sections(of contents: EIFContents) -> [(type: EIFSectionType, region: MeasuredRegion, payload: EIFSectionPayload)] {
        var list: [(type: EIFSectionType, region: MeasuredRegion, payload: EIFSectionPayload)] = [
            (.kernel, .boot, contents.kernel),
            (.cmdline, .boot, .bytes(contents.cmdline)),
            (.metadata, .unmeasured, .bytes(contents.metadata.encoded())),
        ]
        for (index, ramdisk) in contents.ramdisks.enumerated() {
            list.append((type: .ramdisk, region: index == 0 ? .boot : .customer, payload: ramdisk))
        }
        return list
    }

    private func writeFile(
        _ contents: EIFContents, signer: (any EIFSigning)?, to path: String, progress: (@Sendable (Int64) -> Void)?
    ) throws -> EIFWriteResult {
        guard !contents.ramdisks.isEmpty else { throw EIFInputError("an EIF needs at least one ramdisk") }
        let output = try BinaryFile.create(path)
        let digester = SectionDigester()
        var offset = Int64(EIFHeader.size)
        var offsets: [UInt64] = []
        var sizes: [UInt64] = []
        try output.write(ByteBuffer(repeating: 0, count: EIFHeader.size), at: 0)
        progress?(Int64(EIFHeader.size))

        func appendSection(_ type: EIFSectionType, region: MeasuredRegion, payload: EIFSectionPayload) throws {
            let payloadSize = try Self.size(of: payload)
            let header = EIFSectionHeader(type: type, payloadSize: UInt64(payloadSize)).encoded()
            offsets.append(UInt64(offset))
            sizes.append(UInt64(payloadSize))
            digester.absorb(header, region: .unmeasured)
            try output.write(header, at: offset)
            offset += Int64(EIFSectionHeader.size)
            progress?(Int64(EIFSectionHeader.size))
            switch payload {
            case .bytes(let bytes):
                let buffer = ByteBuffer(bytes: bytes)
                digester.absorb(buffer, region: region)
                try output.write(buffer, at: offset)
                offset += Int64(bytes.count)
                progress?(Int64(bytes.count))
            case .file(let sourcePath):
                try digester.absorb(BinaryFile.openForReading(sourcePath), range: 0..<payloadSize, region: region) { chunk in
                    try output.write(chunk, at: offset)
                    offset += Int64(chunk.count)
                    progress?(Int64(chunk.count))
                }
            }
        }

        for section in sections(of: contents) {
            try appendSection(section.type, region: section.region, payload: section.payload)
        }
        var measurements = digester.measurements()
        if let signer {
            let signature = try signer.signatureSection(pcr0: measurements.pcr0)
            try appendSection(.signature, region: .unmeasured, payload: .bytes(signature))
            measurements.pcr8 = signer.pcr8
        }
        var header = EIFHeader(architecture: contents.architecture, sectionOffsets: offsets, sectionSizes: sizes)
        var headerCRC = CRC32()
        header.encoded().withUnsafeReadableBytes { headerCRC.update(UnsafeRawBufferPointer(rebasing: $0[..<EIFHeader.crcOffset])) }
        header.crc32 = CRC32.combine(headerCRC.value, digester.crc, secondLength: Int(digester.byteCount))
        try output.write(header.encoded(), at: 0)
        try output.close()
        return EIFWriteResult(measurements: measurements, size: offset, crc32: header.crc32)
    }

    static func size(of payload: EIFSectionPayload) throws -> Int64 {
        switch payload {
        case .bytes(let bytes): return Int64(bytes.count)
        case .file(let path): return try BinaryFile.openForReading(path).size()
        }
    }

    /// A hidden sibling of `path`, so the final rename stays on one file system.
    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).partial"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }
}

/// Produces the signature section for a PCR0, and knows the PCR8 its certificate gives.
public protocol EIFSigning: Sendable {
    var pcr8: PCRValue { get }
    func signatureSection(pcr0: PCRValue) throws -> [UInt8]
}
