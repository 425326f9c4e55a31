/// An error a command ends with: `main` prints `error: <description>` on standard error and exits with
/// `exitStatus`. Library errors conform in `LibraryErrors.swift`, so commands just throw them.
protocol CommandError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}

/// A failure a command reports itself, with its message and status.
struct CommandFailure: CommandError {
    let exitStatus: ExitStatus
    let message: String

    var description: String { message }

    static func invalidInput(_ message: String) -> CommandFailure { CommandFailure(exitStatus: .invalidInput, message: message) }
    static func refused(_ message: String) -> CommandFailure { CommandFailure(exitStatus: .refused, message: message) }
    static func internalFailure(_ message: String) -> CommandFailure { CommandFailure(exitStatus: .internalFailure, message: message) }
}

/// Ends a command with a status and no further message: what it had to say is already printed
/// (`plan`'s diff, `validate`'s list of problems, `verify-attestation`'s report).
struct SilentExit: Error {
    let status: ExitStatus
}
