import Crypto
import Foundation
import NitroFormats

/// The enclave's root filesystem: an OCI image, or a folder.
public enum EnclaveImageSource: Sendable, Equatable {
    case oci(path: String)
    case rootfs(path: String)
}

/// The Nitro blobs an EIF is built from (`/usr/share/nitro_enclaves/blobs` on an Amazon Linux host).
public struct NitroBlobs: Sendable, Equatable {
    public var kernel: String
    public var cmdline: String
    public var initBinary: String
    public var nsmModule: String

    public init(kernel: String, cmdline: String, initBinary: String, nsmModule: String) {
        self.kernel = kernel
        self.cmdline = cmdline
        self.initBinary = initBinary
        self.nsmModule = nsmModule
    }

    /// The blobs folder's files for `architecture`: `bzImage` (x86_64) or `Image` (aarch64), `cmdline`,
    /// `init`, `nsm.ko`.
    public init(folder: String, architecture: EIFArchitecture) {
        self.init(kernel: folder + (architecture == .x86_64 ? "/bzImage" : "/Image"), cmdline: folder + "/cmdline",
                  initBinary: folder + "/init", nsmModule: folder + "/nsm.ko")
    }

    /// Named blob paths, for checks and for the measurements file.
    public var named: [(name: String, path: String)] {
        [("kernel", kernel), ("cmdline", cmdline), ("init", initBinary), ("nsm.ko", nsmModule)]
    }
}

/// Everything a native build needs; the same request gives the same bytes on any machine.
public struct EIFBuildRequest: Sendable {
    public var architecture: EIFArchitecture
    public var blobs: NitroBlobs
    public var image: EnclaveImageSource
    /// Replaces the image's Cmd/Entrypoint when given.
    public var command: [String]?
    /// Appended, in order, after the image's Env.
    public var environment: [String]
    public var buildTime: Date
    public var outputPath: String

    public init(architecture: EIFArchitecture, blobs: NitroBlobs, image: EnclaveImageSource, command: [String]?,
                environment: [String], buildTime: Date = EIFMetadata.fixedBuildTime, outputPath: String) {
        self.architecture = architecture
        self.blobs = blobs
        self.image = image
        self.command = command
        self.environment = environment
        self.buildTime = buildTime
        self.outputPath = outputPath
    }
}

/// What a build produced, for `measurements.json` and the user.
public struct EIFBuildResult: Sendable {
    public let measurements: EIFMeasurements
    public let eifSize: Int64
    /// `sha256:` of the image config (the image ID) for OCI images, of the customer ramdisk for folders.
    public let imageDigest: String
    /// SHA-256 (hex) of each blob, by name (kernel, cmdline, init, nsm.ko).
    public let blobHashes: [String: String]
}

/// Ramdisks written and sections laid out, ready to be written as an EIF; owns the work folder.
public struct PreparedEIF: Sendable {
    public let contents: EIFContents
    /// The EIF's size before any signature, for progress.
    public let plannedSize: Int64
    public let imageDigest: String
    public let blobHashes: [String: String]
    let workDirectory: String

    /// Removes the work folder (ramdisks and unpacked layers).
    public func discard() {
        try? FileManager.default.removeItem(atPath: workDirectory)
    }
}

/// A native `nitro-cli build-enclave`: bootstrap and customer ramdisks in a work folder beside the output,
/// then the EIF.
public struct EIFBuilder: Sendable {
    public init() {}

    /// Prepares and writes in one go, removing the work folder afterwards.
    public func build(_ request: EIFBuildRequest, signer: (any EIFSigning)? = nil) throws -> EIFBuildResult {
        let prepared = try prepare(request)
        defer { prepared.discard() }
        return try write(prepared, signer: signer, to: request.outputPath)
    }

    /// Reads the image and writes both ramdisks. The caller must `discard()` the result.
    public func prepare(_ request: EIFBuildRequest, step: @Sendable (String) -> Void = { _ in }) throws -> PreparedEIF {
        for (name, path) in request.blobs.named where !FileManager.default.isReadableFile(atPath: path) {
            throw EIFInputError("\(name) blob \(path) is missing or unreadable")
        }
        let outputFolder = URL(fileURLWithPath: request.outputPath).deletingLastPathComponent().path
        let work = outputFolder + "/.nitroforge-build-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        do {
            return try prepare(request, workDirectory: work, step: step)
        } catch {
            try? FileManager.default.removeItem(atPath: work)
            throw error
        }
    }

    /// Writes the EIF (atomically) from prepared ramdisks; `progress` gets the bytes written since its last call.
    public func write(
        _ prepared: PreparedEIF, signer: (any EIFSigning)? = nil, to path: String, progress: (@Sendable (Int64) -> Void)? = nil
    ) throws -> EIFBuildResult {
        let result = try EIFWriter().write(prepared.contents, signer: signer, to: path, progress: progress)
        return EIFBuildResult(measurements: result.measurements, eifSize: result.size, imageDigest: prepared.imageDigest,
                              blobHashes: prepared.blobHashes)
    }

    private func prepare(_ request: EIFBuildRequest, workDirectory work: String, step: @Sendable (String) -> Void) throws -> PreparedEIF {
        let root: RootFilesystem
        var command = request.command
        var environment = request.environment
        var imageName = "rootfs"
        var imageVersion = "latest"
        var imageDigest: String?
        switch request.image {
        case .oci(let path):
            step("reading OCI image \(path)")
            let image = try OCIImage.open(path: path, architecture: request.architecture)
            root = try LayerApplier(workDirectory: work).rootFilesystem(of: image)
            command = command ?? image.config.command
            environment = image.config.env + environment
            (imageName, imageVersion) = Self.nameAndVersion(image.referenceName)
            imageDigest = image.configDigest
        case .rootfs(let path):
            step("reading root filesystem \(path)")
            root = try FolderScanner().rootFilesystem(of: path)
        }
        try AgentBaseCheck.verify(root, command: command ?? [], architecture: request.architecture)
        let bootstrapPath = work + "/bootstrap-initrd.img"
        let customerPath = work + "/customer-initrd.img"
        step("writing the bootstrap ramdisk")
        try RamdiskBuilder().writeBootstrap(initPath: request.blobs.initBinary, nsmPath: request.blobs.nsmModule, to: bootstrapPath)
        step("writing the customer ramdisk")
        try RamdiskBuilder().writeCustomer(root: root, command: command ?? [], environment: environment, to: customerPath)

        let blobHashes = try Dictionary(uniqueKeysWithValues: request.blobs.named.map { ($0.name, try Self.sha256Hex(file: $0.path)) })
        let digest = try imageDigest ?? "sha256:" + Self.sha256Hex(file: customerPath)
        let metadata = EIFMetadata(
            imageName: imageName, imageVersion: imageVersion, buildTime: request.buildTime,
            kernelVersion: Self.kernelVersion(kernelPath: request.blobs.kernel),
            imageInfo: .object([
                ("Id", .string(digest)),
                ("Architecture", .string(request.architecture.rawValue)),
                ("Config", .object([
                    ("Cmd", .array((command ?? []).map { .string($0) })),
                    ("Env", .array(environment.map { .string($0) })),
                ])),
            ])
        )
        let cmdline = try String(contentsOfFile: request.blobs.cmdline, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let contents = EIFContents(
            architecture: request.architecture, kernel: .file(path: request.blobs.kernel), cmdline: Array(cmdline.utf8),
            metadata: metadata, ramdisks: [.file(path: bootstrapPath), .file(path: customerPath)]
        )
        return PreparedEIF(contents: contents, plannedSize: try EIFWriter().plannedSize(of: contents), imageDigest: digest,
                           blobHashes: blobHashes, workDirectory: work)
    }

    /// `registry/name:tag` → (`registry/name`, `tag`); no tag → `latest`.
    static func nameAndVersion(_ reference: String?) -> (String, String) {
        guard let reference else { return ("oci-image", "latest") }
        let lastSlash = reference.lastIndex(of: "/") ?? reference.startIndex
        if let colon = reference[lastSlash...].lastIndex(of: ":") {
            return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
        }
        return (reference, "latest")
    }

    /// The version nitro-cli records: from `<kernel>.config`'s "# Linux/<arch> <version> Kernel Configuration".
    static func kernelVersion(kernelPath: String) -> String {
        guard let text = try? String(contentsOfFile: kernelPath + ".config", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n").prefix(10) where line.hasPrefix("# Linux/") && line.hasSuffix(" Kernel Configuration") {
            let words = line.split(separator: " ")
            if words.count >= 3 { return String(words[2]) }
        }
        return "unknown"
    }

    static func sha256Hex(file path: String) throws -> String {
        var hasher = SHA256()
        try BinaryFile.openForReading(path).forEachChunk { chunk in
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            return true
        }
        return Hex.encode(hasher.finalize())
    }
}
