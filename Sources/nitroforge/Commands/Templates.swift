import ArgumentParser
import Foundation
import NitroForgeGen

/// `nitroforge templates`: the Mustache templates every generated file comes from.
struct Templates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the templates the generated files are rendered from.",
        subcommands: [TemplatesExport.self]
    )
}

/// `nitroforge templates export DIR`: the shipped templates, to edit and pass to `generate --templates DIR`.
struct TemplatesExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the shipped templates into a new folder, to edit and use with --templates.",
        discussion: """
            The folder must not exist or be empty. Its layout is the one `generate --templates` reads: \
            terraform/, enclave/, host/ and docs/, one FILE.mustache per generated file. Edit a template, \
            then `nitroforge plan --templates DIR` shows what would change and `generate --templates DIR` \
            writes it; no rebuild of nitroforge is needed.

            EXAMPLE:
              nitroforge templates export my-templates
              nitroforge generate --templates my-templates --out terraform-out
            """
    )

    /// What `--json` prints.
    struct Report: Encodable {
        let directory: String
        let files: [String]
    }

    @Argument(help: "The folder to write (must not exist or be empty).")
    var directory: String

    @Flag(help: "Print {directory, files} as JSON on standard output.")
    var json = false

    func run() async throws {
        let files = try TemplateLibrary.exportBundled(to: URL(fileURLWithPath: directory))
        if json {
            try JSONOutput.print(Report(directory: directory, files: files))
        } else {
            print("wrote \(files.count) templates to \(directory); edit them, then: nitroforge generate --templates \(directory)")
        }
    }
}
