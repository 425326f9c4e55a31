import ArgumentParser
import Foundation
import NitroForgeGen

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show which files `generate` would add, change or delete, with a unified diff.",
        discussion: """
            Writes nothing. Exit status, like `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, \
            1 invalid spec, measurements or templates.

            EXAMPLES:
              nitroforge plan --spec examples/inference/nitroforge.yaml --out terraform-out
              nitroforge plan --templates my-templates
            """
    )

    @OptionGroup var options: OutputOptions

    func run() async throws {
        let generation = try options.generation()
        let current = try OutputFolder(URL(fileURLWithPath: options.out)).read()
        let plan = OutputPlan(current: current, generated: generation.files)
        var summary = ""
        for path in plan.added { summary += "+ \(path) (add)\n" }
        for path in plan.changed { summary += "~ \(path) (change)\n" }
        for path in plan.deleted { summary += "- \(path) (delete)\n" }
        summary += "\(plan.added.count) to add, \(plan.changed.count) to change, \(plan.deleted.count) to delete.\n"
        print(summary + (plan.diff.isEmpty ? "" : "\n" + plan.diff), terminator: "")
        if plan.hasChanges { throw SilentExit(status: .refused) }
    }
}
