import Crypto
import Foundation
import NitroFormats

/// Where a blob's bytes are: a whole file of an OCI layout folder, or a member's range inside an archive.
public struct BlobLocation: Sendable, Equatable {
    public let path: String
    public let range: Range<Int64>
}

/// The parts of an image configuration that reach the enclave: what it runs, with which environment.
public struct OCIImageConfig: Sendable, Equatable {
    public var architecture: String?
    public var os: String?
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var env: [String]

    /// The `cmd` file's lines as nitro-cli writes them: `Cmd`, or `Entrypoint` only when `Cmd` is absent.
    public var command: [String]? { cmd ?? entrypoint }
}

/// An OCI image read from an image layout folder, an `oci-archive` tar (`podman save --format
/// oci-archive`, `skopeo copy … oci-archive:`) or a `docker save` tar. Blobs are located, not loaded;
/// every blob's SHA-256 is checked against its digest before use.
public struct OCIImage: Sendable {
    public let source: String
    public let configDigest: String
    public let config: OCIImageConfig
    public let layers: [BlobLocation]
    /// The reference name the image carries (`org.opencontainers.image.ref.name` or a docker tag), if any.
    public let referenceName: String?

    public static func open(path: String, architecture: EIFArchitecture) throws -> OCIImage {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EIFInputError("\(path): no such OCI image (expected an OCI layout folder or an oci-archive/docker-save tar)")
        }
        let store: BlobStore
        if isDirectory.boolValue {
            store = try BlobStore(folder: path)
        } else {
            store = try BlobStore(archive: path)
        }
        if store.has("index.json") {
            return try openOCI(store, source: path, architecture: architecture)
        }
        if store.has("manifest.json") {
            return try openDockerSave(store, source: path)
        }
        throw EIFInputError("\(path): neither index.json (OCI layout) nor manifest.json (docker save) found")
    }

    private static func openOCI(_ store: BlobStore, source: String, architecture: EIFArchitecture) throws -> OCIImage {
        let index = try store.json("index.json")
        let platform = architecture == .aarch64 ? "arm64" : "amd64"
        var descriptor = try pickManifest(index, platform: platform, source: "\(source): index.json")
        var referenceName = (descriptor["annotations"] as? [String: Any])?["org.opencontainers.image.ref.name"] as? String
        var manifest = try store.json(blob: try digest(descriptor, source: source))
        while manifest["manifests"] != nil {
            descriptor = try pickManifest(manifest, platform: platform, source: "\(source): image index")
            referenceName = referenceName ?? (descriptor["annotations"] as? [String: Any])?["org.opencontainers.image.ref.name"] as? String
            manifest = try store.json(blob: try digest(descriptor, source: source))
        }
        guard let configDescriptor = manifest["config"] as? [String: Any], let layerDescriptors = manifest["layers"] as? [[String: Any]] else {
            throw EIFInputError("\(source): the image manifest has no config or layers")
        }
        let configDigest = try digest(configDescriptor, source: source)
        let config = try parseConfig(try store.json(blob: configDigest), source: source)
        let layers = try layerDescriptors.map { try store.verifiedBlob(try digest($0, source: source)) }
        return OCIImage(source: source, configDigest: configDigest, config: config, layers: layers, referenceName: referenceName)
    }

    private static func openDockerSave(_ store: BlobStore, source: String) throws -> OCIImage {
        guard let images = try store.jsonArray("manifest.json"), images.count == 1, let image = images.first,
              let configName = image["Config"] as? String, let layerNames = image["Layers"] as? [String]
        else {
            throw EIFInputError("\(source): manifest.json must describe exactly one image with Config and Layers")
        }
        let configLocation = try store.member(configName)
        let configBytes = try store.read(configLocation)
        let configDigest = "sha256:" + Hex.encode(SHA256.hash(data: configBytes))
        let config = try parseConfig(try JSONSerialization.jsonObject(with: Data(configBytes)) as? [String: Any] ?? [:], source: source)
        let layers = try layerNames.map { try store.member($0) }
        return OCIImage(source: source, configDigest: configDigest, config: config, layers: layers,
                        referenceName: (image["RepoTags"] as? [String])?.first)
    }

    /// The only manifest, or the one for linux/<platform> when the index lists several.
    private static func pickManifest(_ index: [String: Any], platform: String, source: String) throws -> [String: Any] {
        guard let manifests = index["manifests"] as? [[String: Any]], !manifests.isEmpty else {
            throw EIFInputError("\(source): lists no manifests")
        }
        if manifests.count == 1 { return manifests[0] }
        let matching = manifests.filter {
            let p = $0["platform"] as? [String: Any]
            return p?["architecture"] as? String == platform && p?["os"] as? String == "linux"
        }
        guard matching.count == 1 else {
            throw EIFInputError("\(source): \(manifests.count) manifests and \(matching.count) for linux/\(platform); cannot tell which to use")
        }
        return matching[0]
    }

    private static func digest(_ descriptor: [String: Any], source: String) throws -> String {
        guard let digest = descriptor["digest"] as? String, digest.hasPrefix("sha256:"), digest.count == 71 else {
            throw EIFInputError("\(source): descriptor without a sha256 digest: \(descriptor["digest"] ?? "none")")
        }
        return digest
    }

    private static func parseConfig(_ json: [String: Any], source: String) throws -> OCIImageConfig {
        let config = json["config"] as? [String: Any] ?? [:]
        func strings(_ key: String) throws -> [String]? {
            guard let value = config[key], !(value is NSNull) else { return nil }
            guard let list = value as? [String] else { throw EIFInputError("\(source): image config \(key) is not a list of strings") }
            return list
        }
        return OCIImageConfig(architecture: json["architecture"] as? String, os: json["os"] as? String,
                              cmd: try strings("Cmd"), entrypoint: try strings("Entrypoint"), env: try strings("Env") ?? [])
    }
}
