import Crypto
import Foundation
import NIOCore
import NitroFormats

/// The files of an image, from a folder or from the members of a tar archive, by relative name.
struct BlobStore {
    private let source: String
    private let locations: [String: BlobLocation]

    init(folder: String) throws {
        source = folder
        var found: [String: BlobLocation] = [:]
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw EIFInputError("\(folder): cannot list the folder")
        }
        while let relative = walker.nextObject() as? String {
            let full = root + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            guard attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber else { continue }
            found[relative] = BlobLocation(path: full, range: 0..<size.int64Value)
        }
        locations = found
    }

    init(archive: String) throws {
        source = archive
        var found: [String: BlobLocation] = [:]
        for member in try TarReader(path: archive).members() where member.kind == .regular {
            guard let name = try RootFilesystem.normalize(member.path, source: archive) else { continue }
            found[name] = BlobLocation(path: archive, range: member.dataOffset..<(member.dataOffset + member.size))
        }
        locations = found
    }

    func has(_ name: String) -> Bool { locations[name] != nil }

    func member(_ name: String) throws -> BlobLocation {
        guard let normalized = try RootFilesystem.normalize(name, source: source), let location = locations[normalized] else {
            throw EIFInputError("\(source): \(name) is missing")
        }
        return location
    }

    /// A blob by digest, after checking that its bytes hash to that digest.
    func verifiedBlob(_ digest: String) throws -> BlobLocation {
        let location = try member("blobs/sha256/" + digest.dropFirst("sha256:".count))
        var hasher = SHA256()
        try BinaryFile.openForReading(location.path).forEachChunk(in: location.range) { chunk in
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            return true
        }
        let actual = "sha256:" + Hex.encode(hasher.finalize())
        guard actual == digest else {
            throw EIFInputError("\(source): blob \(digest) is damaged: its bytes hash to \(actual)")
        }
        return location
    }

    /// A small member's bytes (JSON documents), at most 4 MiB.
    func read(_ location: BlobLocation) throws -> [UInt8] {
        guard location.range.count <= 4 << 20 else {
            throw EIFInputError("\(source): \(location.path) is \(location.range.count) bytes, too large for an image document")
        }
        let file = try BinaryFile.openForReading(location.path)
        return Array(try file.read(count: Int(location.range.count), at: location.range.lowerBound).readableBytesView)
    }

    func json(_ name: String) throws -> [String: Any] {
        try decodeObject(try read(try member(name)), name: name)
    }

    func json(blob digest: String) throws -> [String: Any] {
        try decodeObject(try read(try verifiedBlob(digest)), name: digest)
    }

    func jsonArray(_ name: String) throws -> [[String: Any]]? {
        try JSONSerialization.jsonObject(with: Data(try read(try member(name)))) as? [[String: Any]]
    }

    private func decodeObject(_ bytes: [UInt8], name: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw EIFInputError("\(source): \(name) is not a JSON object")
        }
        return object
    }
}
