import ArgumentParser
import EIF
import Foundation
import NitroForgeSpec
import NitroFormats

struct BuildEIF: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-eif",
        abstract: "Build the enclave image (EIF) and write its measurements (PCR0/1/2, PCR8 when signed).",
        discussion: """
            The native back end writes the EIF itself, without a Docker daemon, and reproducibly: the same \
            blobs, image, command and environment give the same bytes and PCRs on any machine (file order, \
            mtimes, owner of the build and the clock do not matter; the metadata build time is \
            SOURCE_DATE_EPOCH or 2017-04-18T16:30:00Z). A native EIF's boot has not been shown on Nitro \
            hardware yet: use --backend docker (docker build + nitro-cli build-enclave) for production.

            Image: --oci PATH (an OCI layout folder, an oci-archive or a docker-save tar), --rootfs DIR \
            (entries get owner 0:0, their permission bits and a fixed mtime), or --dockerfile FILE built \
            with podman, buildah or docker (whichever is installed).

            --cmd is a JSON array (["/app/run","--flag"]) or shell-style words: split on unquoted spaces, \
            tabs and newlines; '...' is literal; inside "..." a backslash escapes only " \\ $ and `; outside \
            quotes a backslash escapes any character; no variables or globbing. With --oci it replaces the \
            image's Cmd/Entrypoint. --env KEY=VALUE entries keep their order, after the image's Env.

            EXAMPLE:
              nitroforge build-eif --kernel blobs/bzImage --cmdline blobs/cmdline \\
                --init blobs/init --nsm blobs/nsm.ko --rootfs build/rootfs \\
                --cmd '/app/run --flag' --env MODE=prod --output build/enclave.eif \\
                --measurements build/measurements.json
            """
    )

    enum Backend: String, ExpressibleByArgument, CaseIterable {
        case native, docker
    }

    @Option(help: "native (default where the blobs exist) or docker (docker build + nitro-cli build-enclave).")
    var backend: Backend?

    @Option(help: "Folder with bzImage (or Image), cmdline, init and nsm.ko.")
    var blobs: String = "/usr/share/nitro_enclaves/blobs"

    @Option(help: "Kernel blob (overrides --blobs).") var kernel: String?
    @Option(help: "Kernel command line blob (overrides --blobs).") var cmdline: String?
    @Option(name: .customLong("init"), help: "Bootstrap init blob (overrides --blobs).") var initBinary: String?
    @Option(help: "NSM driver module nsm.ko (overrides --blobs).") var nsm: String?

    @Option(help: "x86_64 or aarch64 (default: this machine's).")
    var arch: EIFArchitecture?

    @Option(help: "OCI image: layout folder, oci-archive or docker-save tar.") var oci: String?
    @Option(help: "Root filesystem folder.") var rootfs: String?
    @Option(help: "Dockerfile to build.") var dockerfile: String?
    @Option(help: "Build context for --dockerfile (default: the Dockerfile's folder).") var context: String?
    @Option(help: "Existing image for --backend docker.") var dockerURI: String?
    @Option(parsing: .singleValue, help: "Global option for podman/buildah/docker, repeatable (e.g. --tool-option=--storage-driver=vfs).")
    var toolOption: [String] = []

    @Option(help: "The enclave's command: a JSON array or shell-style words (see above).") var cmd: String?
    @Option(parsing: .singleValue, help: "KEY=VALUE for the enclave environment, repeatable, order kept.") var env: [KeyValueArgument] = []

    @Option(help: "Where to write the EIF.") var output: String
    @Option(help: "Where to write measurements.json (default: beside the EIF).") var measurements: String?

    @Option(help: "Signing certificate (PEM, P-384) for a signed EIF.") var signingCertificate: String?
    @Option(help: "Private key (PEM, P-384) of the signing certificate.") var privateKey: String?

    @Flag(help: "Print the measurements as JSON on standard output.") var json = false
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        let sources = [oci, rootfs, dockerfile, dockerURI].compactMap { $0 }
        guard sources.count == 1 else { throw ValidationError("give exactly one of --oci, --rootfs, --dockerfile, --docker-uri") }
        guard (signingCertificate == nil) == (privateKey == nil) else {
            throw ValidationError("--signing-certificate and --private-key go together")
        }
        switch chosenBackend() {
        case .docker:
            guard oci == nil, rootfs == nil else { throw ValidationError("--backend docker takes --dockerfile or --docker-uri") }
        case .native:
            guard dockerURI == nil else { throw ValidationError("--docker-uri needs --backend docker") }
        }
    }

    func run() async throws {
        let reporter = ProgressReporter("build-eif", enabled: !quiet && !json)
        let measurementsPath = measurements ?? URL(fileURLWithPath: output).deletingLastPathComponent().appendingPathComponent("measurements.json").path
        let result = try chosenBackend() == .docker ? buildWithDocker(reporter) : buildNatively(reporter)
        try result.write(to: URL(fileURLWithPath: measurementsPath))
        reporter.step("wrote \(output) and \(measurementsPath)")
        if json {
            try JSONOutput.print(result)
        } else if !quiet {
            print("PCR0 \(result.pcr0)")
        }
    }

    private func chosenBackend() -> Backend {
        if let backend { return backend }
        let explicitBlobs = [kernel, cmdline, initBinary, nsm].contains { $0 != nil }
        if explicitBlobs || FileManager.default.fileExists(atPath: blobs) { return .native }
        return ExternalTool.first(of: ["nitro-cli"]) != nil && ExternalTool.first(of: ["docker"]) != nil ? .docker : .native
    }

    private func buildWithDocker(_ reporter: ProgressReporter) throws -> Measurements {
        let build = dockerfile.map { DockerfileBuild(dockerfile: $0, context: contextFolder(for: $0), toolOptions: toolOption) }
        return try DockerBackend().build(dockerfile: build, dockerURI: dockerURI, outputPath: output,
                                         signingCertificate: signingCertificate, privateKey: privateKey, step: reporter.step)
    }

    private func buildNatively(_ reporter: ProgressReporter) throws -> Measurements {
        let architecture = arch ?? EIFArchitecture.host
        let folderBlobs = NitroBlobs(folder: blobs, architecture: architecture)
        let nitroBlobs = NitroBlobs(kernel: kernel ?? folderBlobs.kernel, cmdline: cmdline ?? folderBlobs.cmdline,
                                    initBinary: initBinary ?? folderBlobs.initBinary, nsmModule: nsm ?? folderBlobs.nsmModule)
        var signer: EIFSigner?
        if let signingCertificate, let privateKey {
            signer = try EIFSigner(certificatePath: signingCertificate, privateKeyPath: privateKey)
        }
        var scratch: String?
        defer { scratch.map { try? FileManager.default.removeItem(atPath: $0) } }
        let image: EnclaveImageSource
        if let oci {
            image = .oci(path: oci)
        } else if let rootfs {
            image = .rootfs(path: rootfs)
        } else if let dockerfile {
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent().appendingPathComponent(".nitroforge-image-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            scratch = folder
            let build = DockerfileBuild(dockerfile: dockerfile, context: contextFolder(for: dockerfile), toolOptions: toolOption)
            image = .oci(path: try build.buildArchive(workDirectory: folder, step: reporter.step))
        } else {
            throw CommandFailure.invalidInput("--docker-uri needs --backend docker")
        }
        let request = EIFBuildRequest(
            architecture: architecture, blobs: nitroBlobs, image: image, command: try cmd.map(CommandWords.parse),
            environment: env.map(\.text), buildTime: try EIFMetadata.buildTime(environment: ProcessInfo.processInfo.environment),
            outputPath: output
        )
        let builder = EIFBuilder()
        let prepared = try builder.prepare(request, step: reporter.step)
        defer { prepared.discard() }
        let writing = ProgressReporter("writing EIF", total: prepared.plannedSize, enabled: !quiet && !json)
        let result = try builder.write(prepared, signer: signer, to: output, progress: writing.advance)
        writing.finish()
        return result.measurementsFile
    }

    private func contextFolder(for dockerfile: String) -> String {
        context ?? URL(fileURLWithPath: dockerfile).deletingLastPathComponent().path
    }
}

extension EIFArchitecture: ExpressibleByArgument {}
