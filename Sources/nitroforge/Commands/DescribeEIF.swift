import ArgumentParser
import EIF
import Foundation

struct DescribeEIF: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-eif",
        abstract: "Check an EIF and print what nitro-cli describe-eif prints: version, arch, PCRs, signature, metadata.",
        discussion: """
            The file is checked as QEMU's reader checks it (magic, version, section table, section types, CRC); \
            the first problem is reported with its byte offset and field, and the exit status is 1. For a \
            signed image the COSE signature over PCR0 is verified with the certificate in the signature \
            section, and PCR8 is that certificate's measurement.

            EXAMPLE:
              nitroforge describe-eif build/enclave.eif --json
            """
    )

    @Argument(help: "The EIF to describe.") var file: String
    @Flag(help: "Print JSON (the keys nitro-cli describe-eif prints).") var json = false

    func run() async throws {
        let description = try EIFDescription(path: file)
        if json {
            try JSONOutput.print(description)
        } else {
            print(description.text)
        }
    }
}
