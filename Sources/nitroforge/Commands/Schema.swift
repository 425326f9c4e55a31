import ArgumentParser
import NitroForgeSpec

/// `nitroforge schema`: the spec's JSON Schema, or its markdown reference, from the one description table.
struct Schema: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of nitroforge.yaml, or its markdown reference.",
        discussion: """
            Editors use the schema for completion and checks: the examples start with
              # yaml-language-server: $schema=../../docs/nitroforge.schema.json
            The schema checks each field; `nitroforge validate` also checks the rules between fields.

            EXAMPLES:
              nitroforge schema > nitroforge.schema.json
              nitroforge schema --markdown > docs/spec-reference.md
            """
    )

    @Flag(name: .long, help: "Print the markdown reference (docs/spec-reference.md) instead.")
    var markdown = false

    func run() async throws {
        print(markdown ? SpecReference.markdown() : SpecSchema.text(), terminator: "")
    }
}
