import ArgumentParser

struct Encrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "encrypt", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge encrypt` is not built yet") }
}
