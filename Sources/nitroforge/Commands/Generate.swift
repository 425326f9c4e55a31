import ArgumentParser
import Foundation
import NitroForgeGen

/// `--spec` and `--out`, shared by `generate` and `plan`.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "The spec file.")
    var spec = "nitroforge.yaml"

    @Option(name: .long, help: "The output folder.")
    var out = "terraform-out"
}

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the deployment (Terraform, policies, enclave and host files, README, SECURITY) for a spec.",
        discussion: """
            Renders every file from the spec and, when it exists, the enclave's measurements file, into a new
            folder that then replaces --out in one step: an invalid spec or a failure leaves the old output as
            it was. Terraform's own files in --out (.terraform/, state) are kept. Exit 1 for an invalid spec.

            EXAMPLE:
              nitroforge generate --spec examples/inference/nitroforge.yaml --out terraform-out
            """
    )

    @OptionGroup var options: OutputOptions

    func run() async throws {
        let output = URL(fileURLWithPath: options.out)
        let generation = try GeneratorCommand.prepare(options)
        for note in generation.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        do {
            try OutputFolder(output).write(generation.files)
        } catch {
            throw GeneratorCommand.failure(error)
        }
        ProgressReporter("generate").step("wrote \(generation.files.count) files to \(output.path)")
    }
}

/// Error handling shared by `generate` and `plan`: spec problems exit 1, everything else 3.
enum GeneratorCommand {
    static func prepare(_ options: OutputOptions) throws -> Generation {
        do {
            return try Generation.prepare(specPath: options.spec, outputDirectory: URL(fileURLWithPath: options.out))
        } catch {
            throw failure(error)
        }
    }

    static func failure(_ error: Error) -> ExitCode {
        let invalidInput = !(error is GeneratorError) || (error as? GeneratorError).map {
            if case .zeroPCRWithoutDebug = $0 { return true } else { return false }
        } == true
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return invalidInput ? ExitCode(1) : ExitCode(3)
    }
}
