import ArgumentParser
import Foundation
import HostBundle
import NitroForgeSpec
import NitroFormats

/// `nitroforge bundle`: the runtimes and an output folder's instance files, packed as the tarball the
/// instances fetch by its SHA-256.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Build the runtimes for release and pack them with the output's enclave/ and host/ files.",
        discussion: """
            Builds nitroforge-producer, nitroforge-host and nitroforge-enclave with `swift build -c release \
            --static-swift-stdlib` in the nitroforge package (the one this nitroforge was built from, or \
            --package), then writes OUT/<sha256>.tar.gz, the layout host/user-data.sh unpacks (bin/, enclave/, \
            host/, manifest.json), and OUT/<sha256>.manifest.json: every file's SHA-256 and size, nitroforge's \
            version, the git commit and whether the checkout was clean, the Swift version and the enclave's \
            measurements (--measurements, or the spec's enclave.measurements file when it exists).

            The same files give the same tarball: members sorted, owned by root, modification time 0, gzip \
            without a name or time. The runtimes' bytes depend on the toolchain, the gzip stream on zlib's \
            version. --executables DIR packs runtimes built elsewhere instead of building them.

            Exit status: 0 written; 1 a missing folder, file or tool; 3 the build or a write failed.

            EXAMPLES:
              nitroforge bundle --dir terraform-out --out bundle
              nitroforge bundle --json
            """
    )

    static let runtimes = ["nitroforge-enclave", "nitroforge-host", "nitroforge-producer"]

    @Option(help: "The generated output whose enclave/ and host/ go in.") var dir = "terraform-out"
    @Option(help: "Where the bundle and its manifest are written.") var out = "bundle"
    @Option(help: "The spec, for its measurements file.") var spec = "nitroforge.yaml"
    @Option(help: "The enclave's measurements.json (default: the spec's enclave.measurements).") var measurements: String?
    @Option(help: "The nitroforge package to build the runtimes from (default: the one this nitroforge was built from).")
    var package: String?
    @Option(help: "A folder holding the three runtimes already built; nothing is built.") var executables: String?
    @Flag(help: "Print {\"bundle\", \"sha256\", \"manifest\"} as JSON on standard output.") var json = false

    struct Output: Encodable {
        let bundle: String
        let sha256: String
        let manifest: String
    }

    func run() async throws {
        let progress = ProgressReporter("bundle", enabled: !json)
        let measured = try readMeasurements(progress)
        let root = package.map { URL(fileURLWithPath: $0) } ?? DevExecutables().packageRoot
        let binaries = try executables.map { try prebuilt(URL(fileURLWithPath: $0)) } ?? build(in: root, progress)
        let writer: BundleWriter
        do {
            writer = try BundleWriter(executables: binaries, outputFolder: URL(fileURLWithPath: dir))
        } catch let error as BundleError {
            throw CommandFailure.invalidInput(error.description)
        }
        let swift = try ToolProcess(["swift", "--version"], in: root).capture().split(separator: "\n").first.map(String.init) ?? "unknown"
        let commit = root.flatMap { try? ToolProcess(["git", "rev-parse", "HEAD"], in: $0).capture().trimmingCharacters(in: .whitespacesAndNewlines) }
        let clean = root.flatMap { try? ToolProcess(["git", "status", "--porcelain"], in: $0).capture().isEmpty }

        let total = writer.members.reduce(Int64(0)) { sum, member in
            sum + ((try? FileManager.default.attributesOfItem(atPath: member.source.path)[.size] as? NSNumber)?.int64Value ?? 0)
        }
        let packing = ProgressReporter("bundle: packing", total: total, enabled: !json)
        var last: Int64 = 0
        let written: BundleWriter.Written
        do {
            written = try writer.write(into: URL(fileURLWithPath: out), manifest: { files in
                BundleManifest(files: files, version: NitroForge.configuration.version, commit: commit, clean: clean,
                               swift: swift, measurements: measured)
            }, progress: { packed in packing.advance(by: packed - last); last = packed })
        } catch let error as BundleError {
            throw CommandFailure.internalFailure(error.description)
        }
        packing.finish()
        if json {
            try JSONOutput.print(Output(bundle: written.bundle.path, sha256: written.sha256, manifest: written.manifest.path))
        } else {
            progress.step("wrote \(written.bundle.path) (\(ProgressReporter.size(written.size))) and \(written.manifest.path)")
            print(written.sha256)
        }
    }

    private func readMeasurements(_ progress: ProgressReporter) throws -> Measurements? {
        if let measurements { return try Measurements.read(from: URL(fileURLWithPath: measurements)) }
        guard FileManager.default.fileExists(atPath: spec) else {
            progress.step("note: no \(spec) and no --measurements: the manifest's measurements are null")
            return nil
        }
        let url = try SpecLoader.load(path: spec).enclave.measurementsURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            progress.step("note: \(url.path) does not exist yet (nitroforge build-eif writes it): the manifest's measurements are null")
            return nil
        }
        return try Measurements.read(from: url)
    }

    private func prebuilt(_ folder: URL) throws -> [String: URL] {
        var found: [String: URL] = [:]
        for name in Self.runtimes {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw CommandFailure.invalidInput("--executables: \(url.path) is not an executable")
            }
            found[name] = url
        }
        return found
    }

    private func build(in root: URL?, _ progress: ProgressReporter) throws -> [String: URL] {
        guard let root else {
            throw CommandFailure.invalidInput("no nitroforge package to build the runtimes from: give --package DIR (a checkout) or --executables DIR")
        }
        let flags = Self.releaseFlags(root: root.path)
        for name in Self.runtimes {
            progress.step("building \(name) (swift build \(flags.joined(separator: " ")) --product \(name) in \(root.path))")
            try ToolProcess(["swift", "build"] + flags + ["--product", name], in: root).run()
        }
        let binPath = try ToolProcess(["swift", "build"] + flags + ["--show-bin-path"], in: root).capture().trimmingCharacters(in: .whitespacesAndNewlines)
        return try prebuilt(URL(fileURLWithPath: binPath))
    }

    /// A release build whose strings name no path of the checkout: `#file` and C's `__FILE__` (BoringSSL,
    /// libyaml) say `nitroforge/…`. The compiler's `.swift_modhash` section, and the build ID made from it,
    /// still depend on the build folder. The DWARF, which a bundle does not need, is left out at the link;
    /// the symbols stay for backtraces.
    static func releaseFlags(root: String) -> [String] {
        ["-c", "release", "--static-swift-stdlib", "-Xlinker", "--strip-debug",
         "-Xswiftc", "-file-prefix-map", "-Xswiftc", "\(root)=nitroforge", "-Xcc", "-ffile-prefix-map=\(root)=nitroforge"]
    }
}
