import ArgumentParser

/// The `nitroforge` command line: one YAML spec in, a Nitro Enclaves deployment out.
@main
struct NitroForge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nitroforge",
        abstract: "Generate and run AWS Nitro Enclaves deployments for sensitive AI/ML jobs.",
        version: "0.1.0",
        subcommands: [
            Init.self, Validate.self, Schema.self, Plan.self, Generate.self,
            BuildEIF.self, DescribeEIF.self,
            Encrypt.self, Decrypt.self,
            VerifyAttestation.self, Dev.self,
        ]
    )
}
