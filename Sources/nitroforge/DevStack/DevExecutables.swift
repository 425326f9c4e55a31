import Foundation

/// Finds the runtimes `dev up` starts: beside the running `nitroforge` (the same package's build), built
/// with `swift build --product` when missing and the package is at hand; `moto_server` on PATH or in the
/// project's tools.
struct DevExecutables {
    let directory: URL
    /// The package whose `.build` holds `directory`, if any.
    let packageRoot: URL?

    init() {
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        directory = executable.deletingLastPathComponent()
        var candidate = directory
        var root: URL?
        for _ in 0..<4 {
            candidate = candidate.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Package.swift").path) {
                root = candidate
                break
            }
        }
        packageRoot = root
    }

    func runtime(_ name: String, progress: ProgressReporter) throws -> URL {
        let url = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        guard let packageRoot else {
            throw CommandFailure.invalidInput("\(name) is not beside nitroforge in \(directory.path); build it with `swift build --product \(name)`")
        }
        progress.step("building \(name) (swift build --product \(name))")
        let build = ToolProcess(["swift", "build", "--product", name], in: packageRoot)
        try build.run()
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CommandFailure.internalFailure("\(build.description) did not produce \(url.path)")
        }
        return url
    }

    func motoServer() throws -> URL {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        if let tools = ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"] { candidates.append(URL(fileURLWithPath: tools)) }
        if let packageRoot { candidates.append(packageRoot.appendingPathComponent(".tools/bin")) }
        for folder in candidates {
            let url = folder.appendingPathComponent("moto_server")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CommandFailure.invalidInput(
            "moto_server is not on PATH or in the project's .tools/bin: run scripts/setup-tools.sh, or set AWS_ENDPOINT_URL to an AWS stand-in that is already running")
    }

    /// A program named by a spec's devCommand: a path (the spec loader resolved a relative one against the
    /// spec's folder), or a name found beside nitroforge (this package's `nitroforge-example`, for
    /// instance) or on PATH.
    func program(_ name: String, progress: ProgressReporter) throws -> URL {
        if name.contains("/") {
            let url = URL(fileURLWithPath: name)
            guard FileManager.default.isExecutableFile(atPath: url.path) else { throw CommandFailure.invalidInput("devCommand: \(url.path) is not an executable") }
            return url
        }
        if name.hasPrefix("nitroforge") { return try runtime(name, progress: progress) }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CommandFailure.invalidInput("devCommand: \(name) is neither beside nitroforge nor on PATH")
    }
}
