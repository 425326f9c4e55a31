import ArgumentParser
import ExampleProcessors
import Foundation

/// `nitroforge-example`: the example processors, logistic-regression scoring and training over CSV, in both
/// processor forms a spec can name (`exec`: stdin to stdout; `http`: a loopback server).
@main
struct ExampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nitroforge-example",
        abstract: "Example enclave processors: score CSV rows with a logistic model, or train one.",
        discussion: """
            Exit status: 0 success; 1 invalid input or usage (the message names the line and column, the model \
            key or the flag); 3 anything else failed (reading a file, writing the output, the server).
            """,
        subcommands: [Score.self, Train.self, Serve.self]
    )

    /// Parses and runs the command, then ends every failure the same way: one `error:` line on standard error
    /// (with the usage for a usage error) and the exit status above.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            finish(with: error)
        }
    }

    private static func finish(with error: any Error) -> Never {
        if let failure = error as? CommandFailure {
            StandardStreams.writeError("error: \(failure.message)\n")
            Foundation.exit(failure.status.rawValue)
        }
        if CommandFailure.isInvalidInput(error) {
            StandardStreams.writeError("error: \(error)\n")
            Foundation.exit(CommandFailure.Status.invalidInput.rawValue)
        }
        switch exitCode(for: error) {
        case .success:
            print(fullMessage(for: error))
            Foundation.exit(0)
        case .validationFailure:
            StandardStreams.writeError(fullMessage(for: error) + "\n")
            Foundation.exit(CommandFailure.Status.invalidInput.rawValue)
        default:
            StandardStreams.writeError("error: \(error)\n")
            Foundation.exit(CommandFailure.Status.otherFailure.rawValue)
        }
    }
}
