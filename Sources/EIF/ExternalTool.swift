import Foundation

/// Runs the programs nitroforge leans on (gzip and zstd for layers; podman, buildah or docker for
/// Dockerfiles; nitro-cli for the docker back end) and says exactly which one is missing.
public struct ExternalTool: Sendable {
    public let name: String
    public let path: String

    /// Finds `name` on `PATH`, or throws naming the tool and what it is needed for.
    public static func locate(_ name: String, purpose: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ExternalTool {
        guard let found = search(name, environment: environment) else {
            throw EIFInputError("`\(name)` is needed \(purpose) but was not found on PATH; install it (Debian/Ubuntu: apt-get install \(debianPackage(name)))")
        }
        return ExternalTool(name: name, path: found)
    }

    /// The first of `names` that is installed, or nil.
    public static func first(of names: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> ExternalTool? {
        for name in names {
            if let found = search(name, environment: environment) { return ExternalTool(name: name, path: found) }
        }
        return nil
    }

    private static func search(_ name: String, environment: [String: String]) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func debianPackage(_ name: String) -> String {
        name == "nitro-cli" ? "aws-nitro-enclaves-cli (Amazon Linux: dnf install aws-nitro-enclaves-cli)" : name == "docker" ? "docker.io" : name
    }

    /// Runs the tool to completion. Standard input comes from `input` (a byte range of a file, streamed in
    /// chunks) or is empty; standard output goes to `outputPath` or is discarded. A non-zero exit throws
    /// with the tail of the tool's standard error.
    public func run(_ arguments: [String], input: (path: String, range: Range<Int64>)? = nil, outputPath: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errorPath = NSTemporaryDirectory() + "nitroforge-\(name)-\(UUID().uuidString).stderr"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardError = errorHandle
        if let outputPath {
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        let pipe = input.map { _ in Pipe() }
        if let pipe {
            process.standardInput = pipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        if let input, let pipe {
            // A tool that stops reading early must give an error status, not kill nitroforge with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            // A write error means the tool stopped reading; its exit status says why.
            try BinaryFile.openForReading(input.path).forEachChunk(in: input.range) { chunk in
                (try? pipe.fileHandleForWriting.write(contentsOf: Data(chunk.readableBytesView))) != nil
            }
            try pipe.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try errorHandle.close()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            let tail = message.split(separator: "\n").suffix(5).joined(separator: " | ")
            throw ExternalToolError(tool: name, arguments: arguments, status: process.terminationStatus, message: tail)
        }
    }
}

/// An external program failed: which, with what arguments, its exit status and the end of its stderr.
public struct ExternalToolError: Error, CustomStringConvertible {
    public let tool: String
    public let arguments: [String]
    public let status: Int32
    public let message: String

    public var description: String {
        "`\(tool) \(arguments.joined(separator: " "))` exited with status \(status)\(message.isEmpty ? "" : ": \(message)")"
    }
}
