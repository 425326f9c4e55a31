import Foundation

/// Applies an image's layers, in order, to a root filesystem: `.wh.<name>` removes `<name>` from the
/// layers below, `.wh..wh..opq` empties its directory of what the layers below put there, hard links
/// become relative symlinks (as linuxkit writes them), owners and modes are kept and every mtime is fixed.
/// Compressed layers (gzip, zstd) are unpacked to `workDirectory` by `gzip`/`zstd`; plain tar layers
/// are read where they are.
public struct LayerApplier: Sendable {
    public let workDirectory: String

    public init(workDirectory: String) {
        self.workDirectory = workDirectory
    }

    /// Paths linuxkit drops from an exported image (`moby/build/image.go` `exclude`).
    static let excluded: Set<String> = [".dockerenv", "Dockerfile", "dev/console", "dev/pts", "dev/shm", "etc/hostname"]
    /// linuxkit's replacement `etc/hosts`, written when the image has one.
    static let hostsFile = """
        127.0.0.1       localhost
        ::1     localhost ip6-localhost ip6-loopback
        fe00::0 ip6-localnet
        ff00::0 ip6-mcastprefix
        ff02::1 ip6-allnodes
        ff02::2 ip6-allrouters

        """
    /// Where linuxkit points `etc/resolv.conf` for `init` images.
    static let resolvConfTarget = "/run/resolvconf/resolv.conf"

    public func rootFilesystem(of image: OCIImage) throws -> RootFilesystem {
        var root = RootFilesystem()
        for (index, layer) in image.layers.enumerated() {
            let (tarPath, range) = try uncompressed(layer, index: index)
            try apply(TarReader(path: tarPath, range: range), to: &root, source: "\(image.source) layer \(index)")
        }
        for path in Self.excluded where root[path] != nil { root.removeTree(path) }
        if let hosts = root["etc/hosts"] {
            var replaced = hosts
            replaced.kind = .regular(.bytes(Array(Self.hostsFile.utf8)))
            root.insert(replaced)
        }
        if let resolv = root["etc/resolv.conf"] {
            var replaced = resolv
            replaced.kind = .symlink(target: Self.resolvConfTarget)
            root.insert(replaced)
        }
        return root
    }

    func apply(_ tar: TarReader, to root: inout RootFilesystem, source: String) throws {
        var additions: [CPIOEntry] = []
        for member in try tar.members() {
            guard let path = try RootFilesystem.normalize(member.path, source: source) else { continue }
            let parent = RootFilesystem.parent(of: path)
            let name = parent.map { String(path.dropFirst($0.count + 1)) } ?? path
            if name == ".wh..wh..opq" {
                root.removeChildren(of: parent ?? "")
                continue
            }
            if name.hasPrefix(".wh.") {
                root.removeTree((parent.map { $0 + "/" } ?? "") + name.dropFirst(4))
                continue
            }
            let kind: CPIOEntry.Kind
            switch member.kind {
            case .regular: kind = .regular(.fileRange(path: tar.path, offset: member.dataOffset, size: member.size))
            case .directory: kind = .directory
            case .symlink(let target): kind = .symlink(target: target)
            case .hardLink(let target):
                guard let linked = try RootFilesystem.normalize(target, source: source) else {
                    throw EIFInputError("\(source): hard link \(path) points at the root")
                }
                kind = .symlink(target: RootFilesystem.relativeTarget(from: path, to: linked))
            case .characterDevice(let major, let minor): kind = .characterDevice(major: major, minor: minor)
            case .blockDevice(let major, let minor): kind = .blockDevice(major: major, minor: minor)
            case .fifo: kind = .fifo
            }
            additions.append(CPIOEntry(path: path, kind: kind, permissions: member.mode, uid: member.uid, gid: member.gid))
        }
        for entry in additions { root.insert(entry) }
    }

    /// The layer as a plain tar: where it already is, or unpacked into the work directory.
    private func uncompressed(_ layer: BlobLocation, index: Int) throws -> (String, Range<Int64>?) {
        let file = try BinaryFile.openForReading(layer.path)
        let magic = Array(try file.read(count: 4, at: layer.range.lowerBound).readableBytesView)
        let tool: String
        if magic.starts(with: [0x1F, 0x8B]) {
            tool = "gzip"
        } else if magic == [0x28, 0xB5, 0x2F, 0xFD] {
            tool = "zstd"
        } else {
            return (layer.path, layer.range)
        }
        let output = "\(workDirectory)/layer-\(index).tar"
        let program = try ExternalTool.locate(tool, purpose: "to unpack layer \(index) of the image (\(tool)-compressed)")
        try program.run(["-d", "-c"], input: (layer.path, layer.range), outputPath: output)
        return (output, nil)
    }
}
