import ArgumentParser

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge init` is not built yet") }
}
