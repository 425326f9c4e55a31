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
    }

    @Option(name: .long, help: "The spec to check.")
    var spec: String = "nitroforge.yaml"

    @Flag(name: .long, help: "Print {valid, errors: [{file, line, column, message, allowed}]} on standard output.")
    var json = false

    func run() async throws {
        let loaded: Spec
        do {
            loaded = try SpecLoader.load(path: spec)
        } catch {
            for issue in error.issues {
                FileHandle.standardError.write(Data((issue.description + "\n").utf8))
            }
            if json { try JSONOutput.print(Report(valid: false, errors: error.issues)) }
            throw SilentExit(status: .invalidInput)
        }
        if json {
            try JSONOutput.print(Report(valid: true, errors: []))
        } else {
            print("\(spec): valid (\(loaded.name) in \(loaded.region))")
        }
    }
}
