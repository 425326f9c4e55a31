import ArgumentParser

struct Decrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decrypt", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge decrypt` is not built yet") }
}
