import ArgumentParser

struct Schema: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge schema` is not built yet") }
}
