import ArgumentParser

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge validate` is not built yet") }
}
