import Foundation

/// Another program a command runs to its end (`swift build`, `terraform`, `git`): its output either passed
/// through to standard error, where the user sees it and standard output stays for `--json`, or captured.
/// A failure throws naming the command and the folder it ran in.
struct ToolProcess {
    var executable: URL
    var arguments: [String]
    var folder: URL?
    var environment: [String: String]?

    /// A program found on PATH by name, through `/usr/bin/env`.
    init(_ arguments: [String], in folder: URL? = nil) {
        self.init(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, folder: folder)
    }

    init(executable: URL, arguments: [String], folder: URL?, environment: [String: String]? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.folder = folder
        self.environment = environment
    }

    /// "`terraform plan` in /out", as errors name it.
    var description: String {
        let command = (executable.path == "/usr/bin/env" ? arguments : [executable.lastPathComponent] + arguments).joined(separator: " ")
        return "`\(command)`" + (folder.map { " in \($0.path)" } ?? "")
    }

    /// Runs with its output on standard error; `input` is its standard input (default: none).
    func run(input: FileHandle? = nil) throws {
        let process = makeProcess()
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure.internalFailure("\(description) failed (status \(process.terminationStatus)); its output is above")
        }
    }

    /// Runs and returns its standard output; a failure's message ends with the end of its standard error.
    func capture() throws -> String {
        let process = makeProcess()
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Standard error is read beside standard output, so that neither pipe fills while the other is read.
        let problem = Collected()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) { problem.data = errors.fileHandleForReading.readDataToEndOfFile() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        reading.wait()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: problem.data.suffix(2000), as: UTF8.self)
            throw CommandFailure.internalFailure("\(description) failed (status \(process.terminationStatus)): \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func makeProcess() -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        return process
    }

    /// What the reading thread leaves; read only after the group's wait.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
