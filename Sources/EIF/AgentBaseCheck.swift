/// The nitroforge enclave agent is linked statically against the Swift runtime but dynamically against the
/// C library, so an image whose entrypoint is the agent must be glibc-based (Debian, Ubuntu, Amazon Linux).
/// An image without glibc's dynamic loader (Alpine's musl, distroless static) would boot and then fail to
/// start its only process; refusing it at build time says why while it is cheap to fix.
enum AgentBaseCheck {
    static let agentProgram = "/usr/local/bin/nitroforge-enclave"

    /// Where glibc-based distributions put the dynamic loader, relative to the image's root.
    static func loaderPaths(for architecture: EIFArchitecture) -> [String] {
        switch architecture {
        case .x86_64:
            return ["lib64/ld-linux-x86-64.so.2", "usr/lib64/ld-linux-x86-64.so.2",
                    "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"]
        case .aarch64:
            return ["lib/ld-linux-aarch64.so.1", "usr/lib/ld-linux-aarch64.so.1",
                    "lib/aarch64-linux-gnu/ld-linux-aarch64.so.1", "usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1"]
        }
    }

    /// Throws when `command` starts the agent and `root` has no glibc loader.
    static func verify(_ root: RootFilesystem, command: [String], architecture: EIFArchitecture) throws {
        guard command.first == agentProgram else { return }
        let candidates = loaderPaths(for: architecture)
        guard !candidates.contains(where: { root[$0] != nil }) else { return }
        throw EIFInputError(
            "the image runs \(agentProgram), which needs a glibc-based image (Debian, Ubuntu, Amazon Linux), but it has no "
                + "glibc dynamic loader (looked for /\(candidates.joined(separator: ", /"))); a musl image such as Alpine cannot run it")
    }
}
