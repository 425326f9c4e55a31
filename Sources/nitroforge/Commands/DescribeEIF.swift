import ArgumentParser

struct DescribeEIF: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe-eif", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge describe-eif` is not built yet") }
}
