import Foundation
import NitroFormats

/// What `nitro-cli describe-eif` reports about an image, computed by checking the whole file.
public struct EIFDescription: Sendable, Encodable {
    public let version: UInt16
    public let architecture: EIFArchitecture
    public let measurements: EIFMeasurements
    public let isSigned: Bool
    /// Whether the signature verifies with its certificate over this image's PCR0; nil when unsigned.
    public let signatureCheck: Bool?
    /// Why the signature does not verify, when it does not.
    public let signatureProblem: String?
    public let imageName: String?
    public let imageVersion: String?
    /// The metadata section's BuildMetadata, DockerInfo and CustomMetadata.
    public let metadata: JSONValue?
    public let sections: [EIFSectionInfo]

    public init(path: String) throws {
        let image = try EIFReader().read(path: path)
        version = image.header.version
        architecture = image.header.architecture
        sections = image.sections
        var measurements = image.measurements
        if let section = image.sections(of: .signature).first {
            isSigned = true
            let check = EIFSignatureCheck(section: try image.payload(of: section), pcr0: measurements.pcr0)
            measurements.pcr8 = check.pcr8
            signatureCheck = check.problem == nil
            signatureProblem = check.problem
        } else {
            isSigned = false
            signatureCheck = nil
            signatureProblem = nil
        }
        self.measurements = measurements
        if let section = image.sections(of: .metadata).first {
            let bytes = try image.payload(of: section)
            guard case .object(var members) = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
                throw EIFFormatError(path: path, offset: section.payloadOffset, field: "section \(section.index) (Metadata)",
                                     problem: "is not a JSON object")
            }
            imageName = members.removeValue(forKey: "ImageName")?.stringValue
            imageVersion = members.removeValue(forKey: "ImageVersion")?.stringValue
            var flattened = members.removeValue(forKey: "BuildMetadata")?.objectValue ?? [:]
            flattened.merge(members) { first, _ in first }
            metadata = .object(flattened)
        } else {
            imageName = nil
            imageVersion = nil
            metadata = nil
        }
    }

    private enum Key: String, CodingKey {
        case EifVersion, Arch, Measurements, IsSigned, CheckCRC, SignatureCheck, SignatureProblem, ImageName, ImageVersion, Metadata
        case HashAlgorithm, PCR0, PCR1, PCR2, PCR8
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(version, forKey: .EifVersion)
        try container.encode(architecture.rawValue, forKey: .Arch)
        var pcrs = container.nestedContainer(keyedBy: Key.self, forKey: .Measurements)
        try pcrs.encode(NitroFormats.Measurements.defaultHashAlgorithm, forKey: .HashAlgorithm)
        try pcrs.encode(measurements.pcr0.hex, forKey: .PCR0)
        try pcrs.encode(measurements.pcr1.hex, forKey: .PCR1)
        try pcrs.encode(measurements.pcr2.hex, forKey: .PCR2)
        try pcrs.encodeIfPresent(measurements.pcr8?.hex, forKey: .PCR8)
        try container.encode(isSigned, forKey: .IsSigned)
        try container.encode(true, forKey: .CheckCRC)
        try container.encodeIfPresent(signatureCheck, forKey: .SignatureCheck)
        try container.encodeIfPresent(signatureProblem, forKey: .SignatureProblem)
        try container.encodeIfPresent(imageName, forKey: .ImageName)
        try container.encodeIfPresent(imageVersion, forKey: .ImageVersion)
        try container.encodeIfPresent(metadata, forKey: .Metadata)
    }

    /// The human-readable form.
    public var text: String {
        var lines = [
            "EifVersion: \(version)",
            "Arch: \(architecture.rawValue)",
            "CheckCRC: true",
            "Measurements (Sha384):",
            "  PCR0: \(measurements.pcr0.hex)",
            "  PCR1: \(measurements.pcr1.hex)",
            "  PCR2: \(measurements.pcr2.hex)",
        ]
        if let pcr8 = measurements.pcr8 { lines.append("  PCR8: \(pcr8.hex)") }
        lines.append("IsSigned: \(isSigned)")
        if let signatureCheck {
            lines.append("SignatureCheck: \(signatureCheck)" + (signatureProblem.map { " (\($0))" } ?? ""))
        }
        if let imageName { lines.append("ImageName: \(imageName)") }
        if let imageVersion { lines.append("ImageVersion: \(imageVersion)") }
        lines.append("Sections:")
        for section in sections {
            lines.append("  \(section.index): \(section.type) at \(section.headerOffset), \(section.payloadSize) bytes")
        }
        if let metadata, let data = try? Self.prettyEncoder.encode(metadata) {
            lines.append("Metadata: " + String(decoding: data, as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }

    private static var prettyEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
