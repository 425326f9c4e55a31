import Foundation
import NitroFormats

/// Builds a Dockerfile into an image archive the native back end can read, with whichever of podman,
/// buildah or docker is installed (in that order; podman and buildah build with `--isolation chroot`, so no
/// daemon and no nested containers are needed).
public struct DockerfileBuild: Sendable {
    public var dockerfile: String
    public var context: String
    /// Global options for the tool (before the subcommand), e.g. `--storage-driver vfs`.
    public var toolOptions: [String]

    public init(dockerfile: String, context: String, toolOptions: [String] = []) {
        self.dockerfile = dockerfile
        self.context = context
        self.toolOptions = toolOptions
    }

    /// Builds and saves the image as `<workDirectory>/image.tar` (an oci-archive, or a docker-save tar).
    public func buildArchive(workDirectory: String, step: @Sendable (String) -> Void = { _ in }) throws -> String {
        guard let tool = ExternalTool.first(of: ["podman", "buildah", "docker"]) else {
            throw EIFInputError("building --dockerfile needs podman, buildah or docker, and none was found on PATH; install podman (apt-get install podman) or pass --oci/--rootfs")
        }
        let tag = "localhost/nitroforge-build:\(UUID().uuidString.lowercased().prefix(12))"
        let archive = workDirectory + "/image.tar"
        step("building \(dockerfile) with \(tool.name)")
        switch tool.name {
        case "podman":
            try tool.run(toolOptions + ["build", "--isolation", "chroot", "--file", dockerfile, "--tag", tag, context])
            try tool.run(toolOptions + ["save", "--format", "oci-archive", "--output", archive, tag])
        case "buildah":
            try tool.run(toolOptions + ["bud", "--isolation", "chroot", "--file", dockerfile, "--tag", tag, context])
            try tool.run(toolOptions + ["push", tag, "oci-archive:" + archive])
        default:
            try tool.run(toolOptions + ["build", "--file", dockerfile, "--tag", tag, context])
            try tool.run(toolOptions + ["save", "--output", archive, tag])
        }
        try? tool.run(toolOptions + ["rmi", tag])
        return archive
    }
}

/// The `docker` back end: `docker build`, then `nitro-cli build-enclave`, for hosts that have both.
/// nitro-cli's printed measurements become `measurements.json`.
public struct DockerBackend: Sendable {
    public init() {}

    public func build(
        dockerfile: DockerfileBuild?, dockerURI: String?, outputPath: String,
        signingCertificate: String?, privateKey: String?, step: @Sendable (String) -> Void = { _ in }
    ) throws -> Measurements {
        let nitroCLI = try ExternalTool.locate("nitro-cli", purpose: "for --backend docker (nitro-cli build-enclave)")
        var uri = dockerURI
        if let dockerfile {
            let docker = try ExternalTool.locate("docker", purpose: "for --backend docker (docker build)")
            let tag = "nitroforge-build:\(UUID().uuidString.lowercased().prefix(12))"
            step("docker build \(dockerfile.dockerfile)")
            try docker.run(dockerfile.toolOptions + ["build", "--file", dockerfile.dockerfile, "--tag", tag, dockerfile.context])
            uri = tag
        }
        guard let uri else { throw EIFInputError("--backend docker needs --dockerfile or --docker-uri") }
        let temporary = EIFWriter.temporaryPath(beside: outputPath)
        let printed = temporary + ".json"
        defer {
            try? FileManager.default.removeItem(atPath: temporary)
            try? FileManager.default.removeItem(atPath: printed)
        }
        var arguments = ["build-enclave", "--docker-uri", uri, "--output-file", temporary]
        if let signingCertificate, let privateKey {
            arguments += ["--signing-certificate", signingCertificate, "--private-key", privateKey]
        }
        step("nitro-cli build-enclave --docker-uri \(uri)")
        try nitroCLI.run(arguments, outputPath: printed)
        let measurements: Measurements
        do {
            measurements = try Measurements.read(from: URL(fileURLWithPath: printed))
        } catch {
            throw EIFInputError("nitro-cli build-enclave printed no measurements nitroforge can read: \(error)")
        }
        guard rename(temporary, outputPath) == 0 else { throw EIFIOError(path: outputPath, operation: "rename", errno: errno) }
        return measurements
    }
}
