/// Builds the two ramdisks `nitro-cli build-enclave` puts in an EIF, with linuxkit's layout
/// (aws-nitro-enclaves-cli `enclave_build/src/yaml_generator.rs`).
public struct RamdiskBuilder: Sendable {
    public init() {}

    /// The bootstrap ramdisk: `dev` (directory), `init` and `nsm.ko` (0755), all root-owned with the fixed
    /// mtime: the archive linuxkit writes for nitro-cli's bootstrap YAML.
    @discardableResult
    public func writeBootstrap(initPath: String, nsmPath: String, to path: String) throws -> Int64 {
        let writer = try CPIOWriter(path: path)
        try writer.append(CPIOEntry(path: "dev", kind: .directory, permissions: 0o755))
        try writer.append(CPIOEntry(path: "init", kind: .regular(try Self.wholeFile(initPath)), permissions: 0o755))
        try writer.append(CPIOEntry(path: "nsm.ko", kind: .regular(try Self.wholeFile(nsmPath)), permissions: 0o755))
        return try writer.finish()
    }

    /// The customer ramdisk: the `rootfs` directory, the image's entries under `rootfs/` sorted by path,
    /// then what nitro-cli's customer YAML adds: `rootfs/{dev,run,sys,var,proc,tmp}` (0755) and the `cmd`
    /// and `env` files (0644) that the bootstrap `init` reads, one argv element or `K=V` per line.
    @discardableResult
    public func writeCustomer(root: RootFilesystem, command: [String], environment: [String], to path: String) throws -> Int64 {
        guard !command.isEmpty else {
            throw EIFInputError("the enclave has no command: the image has neither Cmd nor Entrypoint; give --cmd")
        }
        for argument in command where argument.contains("\n") {
            throw EIFInputError("command argument \(argument.debugDescription) contains a newline, which the cmd file cannot hold")
        }
        for variable in environment where variable.contains("\n") || !variable.contains("=") {
            throw EIFInputError("environment entry \(variable.debugDescription) must be KEY=VALUE on one line")
        }
        let writer = try CPIOWriter(path: path)
        try writer.append(CPIOEntry(path: "rootfs", kind: .directory, permissions: 0o755))
        for var entry in root.sortedEntries {
            entry.path = "rootfs/" + entry.path
            try writer.append(entry)
        }
        for directory in ["dev", "run", "sys", "var", "proc", "tmp"] {
            try writer.append(CPIOEntry(path: "rootfs/" + directory, kind: .directory, permissions: 0o755))
        }
        try writer.append(CPIOEntry(path: "cmd", kind: .regular(.bytes(Self.lines(command))), permissions: 0o644))
        try writer.append(CPIOEntry(path: "env", kind: .regular(.bytes(Self.lines(environment))), permissions: 0o644))
        return try writer.finish()
    }

    static func lines(_ items: [String]) -> [UInt8] {
        Array(items.map { $0 + "\n" }.joined().utf8)
    }

    static func wholeFile(_ path: String) throws -> CPIOData {
        .fileRange(path: path, offset: 0, size: try BinaryFile.openForReading(path).size())
    }
}
