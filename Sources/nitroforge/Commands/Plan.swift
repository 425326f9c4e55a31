import ArgumentParser
import Foundation
import NitroForgeGen

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show which files `generate` would add, change or delete, with a unified diff.",
        discussion: """
            Writes nothing. Exit codes, like `terraform plan -detailed-exitcode`: 0 no changes, 2 changes,
            1 invalid spec.

            EXAMPLE:
              nitroforge plan --spec examples/inference/nitroforge.yaml --out terraform-out
            """
    )

    @OptionGroup var options: OutputOptions

    func run() async throws {
        let generation = try GeneratorCommand.prepare(options)
        for note in generation.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let current: [String: String]
        do {
            current = try OutputFolder(URL(fileURLWithPath: options.out)).read()
        } catch {
            throw GeneratorCommand.failure(error)
        }
        let plan = OutputPlan(current: current, generated: generation.files)
        var summary = ""
        for path in plan.added { summary += "+ \(path) (add)\n" }
        for path in plan.changed { summary += "~ \(path) (change)\n" }
        for path in plan.deleted { summary += "- \(path) (delete)\n" }
        summary += "\(plan.added.count) to add, \(plan.changed.count) to change, \(plan.deleted.count) to delete.\n"
        print(summary + (plan.diff.isEmpty ? "" : "\n" + plan.diff), terminator: "")
        if plan.hasChanges { throw ExitCode(2) }
    }
}
