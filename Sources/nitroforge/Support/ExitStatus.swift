/// The exit statuses of every command, as the README's table lists them. Scripts branch on these, so a
/// command never invents another.
enum ExitStatus: Int32, Sendable {
    /// The command did what was asked.
    case success = 0
    /// The input or the command line is wrong: a spec, a file, a flag. The message says what and where.
    case invalidInput = 1
    /// A check refused (a document, a policy, a preflight), or `plan` found changes.
    case refused = 2
    /// Something outside the input failed: the file system, a tool, an AWS call, a bug.
    case internalFailure = 3
}
