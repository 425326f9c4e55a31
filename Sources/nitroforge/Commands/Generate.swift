import ArgumentParser
import Foundation
import NitroForgeGen

/// `--spec`, `--out` and `--templates`, shared by `generate` and `plan`.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "The spec file.")
    var spec = "nitroforge.yaml"

    @Option(name: .long, help: "The output folder.")
    var out = "terraform-out"

    @Option(name: .long, help: "A folder of templates to render instead of the shipped ones (see `nitroforge templates export`).")
    var templates: String?

    /// Loads the spec and renders every file, printing the notes the operator must see.
    func generation() throws -> Generation {
        let library = try templates.map { try TemplateLibrary(directory: URL(fileURLWithPath: $0)) }
        let generation = try Generation.prepare(specPath: spec, outputDirectory: URL(fileURLWithPath: out), templates: library)
        for note in generation.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        return generation
    }
}

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the deployment (Terraform, policies, enclave and host files, README, SECURITY) for a spec.",
        discussion: """
            Renders every file from the spec and, when it exists, the enclave's measurements file, into a new \
            folder that then replaces --out in one step: an invalid spec or a failure leaves the old output as \
            it was. Terraform's own files in --out (.terraform/, state) are kept. With --templates DIR the \
            files come from an edited copy of the templates (`nitroforge templates export DIR`).

            Exit status: 0 written; 1 invalid spec, measurements or templates; 3 the output could not be written.

            EXAMPLES:
              nitroforge generate --spec examples/inference/nitroforge.yaml --out terraform-out
              nitroforge generate --templates my-templates
            """
    )

    @OptionGroup var options: OutputOptions

    func run() async throws {
        let generation = try options.generation()
        let output = URL(fileURLWithPath: options.out)
        try OutputFolder(output).write(generation.files)
        ProgressReporter("generate").step("wrote \(generation.files.count) files to \(output.path)")
    }
}
