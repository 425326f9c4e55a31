import ArgumentParser
import Foundation
import NitroForgeSpec

/// `nitroforge validate`: checks a spec and reports every problem at once, each located in the file.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a spec and report every problem with its file, line and column.",
        discussion: """
            Exits 0 when the spec is valid and 1 when it is not, with one line per problem on standard error:
              FILE:LINE:COLUMN: what is wrong; what is allowed
            A valid spec may still draw warnings (e.g. an http processor without command), printed the same way
            after `warning: `; they do not change the exit status.

            EXAMPLES:
              nitroforge validate
              nitroforge validate --spec examples/training/nitroforge.yaml
              nitroforge validate --spec nitroforge.yaml --json | jq '.errors[].message'
            """
    )

    /// The report `--json` prints.
    struct Report: Encodable {
        let valid: Bool
        let errors: [SpecIssue]
        /// Advice about a valid spec, in the same shape as `errors`.
        let warnings: [SpecIssue]
    }

    @Option(name: .long, help: "The spec to check.")
    var spec: String = "nitroforge.yaml"

    @Flag(name: .long, help: "Print {valid, errors: [{file, line, column, message, allowed}], warnings: [same]} on standard output.")
    var json = false

    func run() async throws {
        let loaded: Spec
        do {
            loaded = try SpecLoader.load(path: spec)
        } catch {
            for issue in error.issues {
                FileHandle.standardError.write(Data((issue.description + "\n").utf8))
            }
            if json { try JSONOutput.print(Report(valid: false, errors: error.issues, warnings: [])) }
            throw SilentExit(status: .invalidInput)
        }
        for warning in loaded.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        if json {
            try JSONOutput.print(Report(valid: true, errors: [], warnings: loaded.warnings))
        } else {
            print("\(spec): valid (\(loaded.name) in \(loaded.region))")
        }
    }
}
