import ArgumentParser

struct VerifyAttestation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-attestation", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("`nitroforge verify-attestation` is not built yet") }
}
