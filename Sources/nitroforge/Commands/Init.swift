import ArgumentParser
import Foundation
import NitroForgeSpec
import NitroFormats

/// `nitroforge init`: writes a commented example spec to start from.
struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented spec to start from.",
        discussion: """
            The spec is one of the examples, each field explained by a comment. It refuses to replace an
            existing file unless --force is given. Edit it, then run `nitroforge validate`.

            EXAMPLES:
              nitroforge init
              nitroforge init --example training --out training.yaml
              nitroforge init --example existing-vpc --force
            """
    )

    @Option(name: .long, help: "Where to write the spec.")
    var out: String = "nitroforge.yaml"

    @Option(name: .long, help: "Which example: \(SpecExample.allCases.map(\.rawValue).joined(separator: ", ")).")
    var example: SpecExample = .inference

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    func run() async throws {
        let url = URL(fileURLWithPath: out)
        if !force, FileManager.default.fileExists(atPath: url.path) {
            throw CommandFailure.invalidInput("\(out) exists; use --force to replace it")
        }
        let text = example.yaml(schemaReference: "nitroforge.schema.json")
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure.internalFailure("cannot write \(out): \(FileProblem.describe(error))")
        }
        print("wrote \(out) (the \(example.rawValue) example); next: nitroforge schema > nitroforge.schema.json for editor checks, then nitroforge validate --spec \(out)")
    }
}

extension SpecExample: ExpressibleByArgument {}
