import ArgumentParser
import Foundation

/// The `nitroforge` command line: one YAML spec in, a Nitro Enclaves deployment out.
@main
struct NitroForge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nitroforge",
        abstract: "Generate and run AWS Nitro Enclaves deployments for sensitive AI/ML jobs.",
        discussion: """
            Exit status, for every command: 0 success; 1 invalid input or usage (the message names the file, \
            line and column, the field or the flag); 2 a check refused, or `plan` found changes; 3 anything \
            else failed (file system, tools, AWS).
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Validate.self, Schema.self, Plan.self, Generate.self, Templates.self, Audit.self,
            BuildEIF.self, DescribeEIF.self, BundleCommand.self, Deploy.self, Status.self, Destroy.self,
            Encrypt.self, Decrypt.self, Submit.self, Job.self,
            VerifyAttestation.self, Dev.self,
        ]
    )

    /// Parses and runs the command, then ends every failure the same way: one `error:` line (with the usage
    /// for a usage error) and the exit status of `ExitStatus`.
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
        if let silent = error as? SilentExit { Foundation.exit(silent.status.rawValue) }
        if let failure = error as? any CommandError {
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            Foundation.exit(failure.exitStatus.rawValue)
        }
        // What swift-argument-parser raised itself: --help and --version (success) or a usage error.
        switch exitCode(for: error) {
        case .success:
            print(fullMessage(for: error))
            Foundation.exit(ExitStatus.success.rawValue)
        case .validationFailure:
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.invalidInput.rawValue)
        default:
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(ExitStatus.internalFailure.rawValue)
        }
    }
}
