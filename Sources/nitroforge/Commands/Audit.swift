import ArgumentParser
import Foundation
import PolicyAudit

/// `nitroforge audit`: proves the generated key policies, over every class of request, not a sample.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Evaluate the key policies of a generated output over every class of request and check the design's invariants.",
        discussion: """
            Reads OUT/policies/data-key.json, results-key.json and storage-key.json (with \
            nitroforge.auto.tfvars.json and enclave/enclave.json for the deployment's name, account and \
            measurements), partitions requests into equivalence classes from the values the policies mention \
            (each named principal and any other; each action and any other; attestation absent, matching \
            each allowed PCR0, matching none; PCR8 likewise; each encryption-context condition met or not), \
            evaluates every class as AWS would, and prints who may do what under which conditions. The \
            invariants are checked three ways: as written, by the Allow statements alone, and with a \
            statement allowing kms:* to every principal added, so the protections that must be explicit \
            Denies are shown to be.

            Exit status: 0 every invariant holds; 2 one or more break (each is named); 1 the folder cannot be \
            read or a policy uses something the evaluator does not know.

            EXAMPLES:
              nitroforge audit --dir terraform-out
              nitroforge audit --dir terraform-out --json | jq '.violations'
            """
    )

    @Option(help: "The generated output folder.")
    var dir = "terraform-out"

    @Flag(help: "Print the report as JSON on standard output.")
    var json = false

    func run() async throws {
        let report = try PolicyAudit.audit(outputFolder: URL(fileURLWithPath: dir))
        if json {
            FileHandle.standardOutput.write(try report.jsonData())
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(report.text(), terminator: "")
        }
        guard report.passed else {
            throw CommandFailure.refused("\(report.violations.count) invariant(s) broken: "
                + Set(report.violations.map(\.invariant.rawValue)).sorted().joined(separator: ", "))
        }
    }
}
