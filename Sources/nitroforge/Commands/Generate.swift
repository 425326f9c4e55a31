import ArgumentParser

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge generate` is not built yet") }
}
