import ArgumentParser

struct BuildEIF: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build-eif", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge build-eif` is not built yet") }
}
