import ArgumentParser

struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dev", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge dev` is not built yet") }
}
