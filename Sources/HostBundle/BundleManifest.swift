import Foundation
import NitroFormats

/// `manifest.json`: what a bundle holds and what it was built from. It is the bundle's last member and is
/// also written beside it, so a reviewer can read it without unpacking.
public struct BundleManifest: Codable, Equatable, Sendable {
    public struct File: Codable, Equatable, Sendable {
        /// The path as it appears in the tarball (`bin/nitroforge-host`, `enclave/enclave.json`).
        public var path: String
        public var sha256: String
        public var size: Int64
    }

    public var files: [File]
    /// nitroforge's version.
    public var version: String
    /// The git commit of the package the runtimes were built from, nil outside a git checkout.
    public var commit: String?
    /// Whether that checkout had no change (tracked or untracked) when the bundle was made.
    public var clean: Bool?
    /// `swift --version`'s first line.
    public var swift: String
    /// The enclave image's measurements, nil before `build-eif` wrote them.
    public var measurements: Measurements?

    public init(files: [File], version: String, commit: String?, clean: Bool?, swift: String, measurements: Measurements?) {
        self.files = files
        self.version = version
        self.commit = commit
        self.clean = clean
        self.swift = swift
        self.measurements = measurements
    }

    /// Pretty-printed with sorted keys and a final newline; `null` written for what is unknown.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(Explicit(self)), as: UTF8.self)
        return Data((text + "\n").utf8)
    }

    /// Encodes the optional fields as `null` instead of leaving them out, so the shape is always the same.
    private struct Explicit: Encodable {
        let manifest: BundleManifest
        init(_ manifest: BundleManifest) { self.manifest = manifest }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: BundleManifest.CodingKeys.self)
            try container.encode(manifest.files, forKey: .files)
            try container.encode(manifest.version, forKey: .version)
            try container.encode(manifest.commit, forKey: .commit)
            try container.encode(manifest.clean, forKey: .clean)
            try container.encode(manifest.swift, forKey: .swift)
            try container.encode(manifest.measurements, forKey: .measurements)
        }
    }
}
