import ArgumentParser

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge plan` is not built yet") }
}
