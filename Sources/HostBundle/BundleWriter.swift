import Crypto
import Foundation
import NitroFormats

/// Packs the host bundle that `host/user-data.sh` unpacks into /opt/nitroforge: the runtimes under `bin/`,
/// the output folder's `enclave/` and `host/`, and `manifest.json` last.
///
/// Members are sorted by path, owned by root with modification time 0, 0755 for the runtimes and for
/// files executable at the source, 0644 otherwise, so the same files give the same tarball bytes; the file
/// is named for its SHA-256 (`<sha256>.tar.gz`), the name the instances fetch it under.
public struct BundleWriter {
    /// A member to pack: where it goes in the tarball and where it is read from.
    public struct Member: Sendable {
        public var path: String
        public var source: URL
        public var mode: UInt32
    }

    public struct Written: Sendable {
        public var bundle: URL
        public var sha256: String
        public var manifest: URL
        public var size: Int64
    }

    public var members: [Member]

    /// The runtimes (name to executable) and the output folder's `enclave/` and `host/` trees.
    public init(executables: [String: URL], outputFolder: URL) throws {
        var members = executables.map { Member(path: "bin/\($0.key)", source: $0.value, mode: 0o755) }
        for folder in ["enclave", "host"] {
            let root = outputFolder.appendingPathComponent(folder)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw BundleError("\(root.path) is missing: --dir must be a folder `nitroforge generate` wrote")
            }
            members += try Self.files(under: root, as: folder)
        }
        self.members = members.sorted { $0.path < $1.path }
    }

    /// Writes `<sha256>.tar.gz` and `<sha256>.manifest.json` into `folder` (made when missing). Nothing is
    /// left there on failure: the tarball is written under a temporary name and renamed once complete.
    /// `progress` gets the number of source bytes packed so far.
    public func write(into folder: URL, manifest: (_ files: [BundleManifest.File]) -> BundleManifest,
                      progress: (Int64) -> Void = { _ in }) throws -> Written {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".bundle-\(UUID().uuidString).partial")
        var moved = false
        defer { if !moved { try? FileManager.default.removeItem(at: temporary) } }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw BundleError("cannot create \(temporary.path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        defer { try? handle.close() }

        var digest = SHA256()
        var compressedSize: Int64 = 0
        let gzip = try GzipWriter { bytes in
            digest.update(bufferPointer: bytes)
            compressedSize += Int64(bytes.count)
            try handle.write(contentsOf: Data(bytes))
        }
        let tar = TarWriter { try gzip.write($0) }

        var written = Set<String>()
        var files: [BundleManifest.File] = []
        var packed: Int64 = 0
        for member in members {
            for directory in Self.parents(of: member.path) where written.insert(directory).inserted {
                try tar.directory(directory)
            }
            files.append(try Self.pack(member, into: tar) { packed += $0; progress(packed) })
        }
        let manifestData = try manifest(files).jsonData()
        try tar.file("manifest.json", mode: 0o644, size: Int64(manifestData.count))
        try manifestData.withUnsafeBytes { try tar.data($0) }
        try tar.pad(Int64(manifestData.count))
        try tar.end()
        try gzip.finish()
        try handle.synchronize()

        let sha256 = Hex.encode(Array(digest.finalize()))
        let bundle = folder.appendingPathComponent("\(sha256).tar.gz")
        let manifestURL = folder.appendingPathComponent("\(sha256).manifest.json")
        try manifestData.write(to: manifestURL, options: .atomic)
        try? FileManager.default.removeItem(at: bundle)
        try FileManager.default.moveItem(at: temporary, to: bundle)
        moved = true
        return Written(bundle: bundle, sha256: sha256, manifest: manifestURL, size: compressedSize)
    }

    /// Streams one file into the archive, hashing it on the way; refuses a file that changes size meanwhile.
    private static func pack(_ member: Member, into tar: TarWriter, progress: (Int64) -> Void) throws -> BundleManifest.File {
        let attributes = try FileManager.default.attributesOfItem(atPath: member.source.path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        try tar.file(member.path, mode: member.mode, size: size)
        guard let input = FileHandle(forReadingAtPath: member.source.path) else { throw BundleError("cannot read \(member.source.path)") }
        defer { try? input.close() }
        var digest = SHA256()
        var read: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            read += Int64(chunk.count)
            guard read <= size else { break }
            digest.update(data: chunk)
            try chunk.withUnsafeBytes { try tar.data($0) }
            progress(Int64(chunk.count))
        }
        guard read == size else { throw BundleError("\(member.source.path) changed size while it was packed (\(size) bytes, then \(read))") }
        try tar.pad(size)
        return BundleManifest.File(path: member.path, sha256: Hex.encode(Array(digest.finalize())), size: size)
    }

    /// `a/`, `a/b/` for `a/b/c`.
    private static func parents(of path: String) -> [String] {
        let parts = path.split(separator: "/").dropLast()
        return parts.indices.map { parts[...$0].joined(separator: "/") + "/" }
    }

    /// Regular files under `root`, as `prefix/relative/path`; a link or anything else is refused by name.
    private static func files(under root: URL, as prefix: String) throws -> [Member] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]) else {
            throw BundleError("cannot list \(root.path)")
        }
        var members: [Member] = []
        let base = root.standardizedFileURL.path
        for case let url as URL in enumerator {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey])
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if values.isSymbolicLink == true { throw BundleError("\(url.path) is a symbolic link; a bundle holds only regular files") }
            if values.isDirectory == true { continue }
            guard values.isRegularFile == true else { throw BundleError("\(url.path) is not a regular file") }
            let permissions = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.uint32Value ?? 0
            members.append(Member(path: "\(prefix)/\(relative)", source: url, mode: permissions & 0o111 != 0 ? 0o755 : 0o644))
        }
        return members
    }
}
