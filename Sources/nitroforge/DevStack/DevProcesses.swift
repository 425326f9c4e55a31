import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts the stack's processes with their output in `logs/NAME.log`, and stops them by PID. Children
/// are ordinary processes, not tied to `dev up`'s lifetime, so `--detach` can leave them running.
struct DevProcesses {
    let state: DevState

    func start(_ name: String, _ executable: URL, _ arguments: [String], environment: [String: String],
               directory: URL? = nil) throws -> DevChild {
        try start(name, DevCommand(executable: executable.path, arguments: arguments, environment: environment, directory: directory?.path))
    }

    /// Starts `command`; its output is appended to `logs/NAME.log`, so a restart keeps the earlier lines.
    func start(_ name: String, _ command: DevCommand) throws -> DevChild {
        let log = state.log(name)
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        let executable = URL(fileURLWithPath: command.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = command.arguments
        process.environment = command.environment
        process.currentDirectoryURL = command.directory.map { URL(fileURLWithPath: $0) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch {
            throw CommandFailure.internalFailure("cannot start \(name) (\(executable.path)): \(error.localizedDescription)")
        }
        return DevChild(name: name, pid: process.processIdentifier, log: log.path, command: command)
    }

    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0
    }

    /// SIGTERM, then SIGKILL for whatever is still running after `grace` (some servers ignore SIGTERM
    /// while a child of theirs runs), newest first so that clients stop before their servers.
    static func stop(_ children: [DevChild], grace: Duration = .seconds(5)) async -> [String] {
        var stopped: [String] = []
        for child in children.reversed() where isRunning(child.pid) {
            kill(child.pid, SIGTERM)
            stopped.append(child.name)
        }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline, children.contains(where: { isRunning($0.pid) }) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        for child in children where isRunning(child.pid) { kill(child.pid, SIGKILL) }
        // Reap any that are our own children, so none lingers as a zombie.
        for child in children { var status: Int32 = 0; _ = waitpid(child.pid, &status, WNOHANG) }
        return stopped
    }

    /// The last lines of a child's log, for an error message.
    static func tail(_ child: DevChild, lines: Int = 15) -> String {
        let text = (try? String(contentsOfFile: child.log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
