import ArgumentParser
import Attestation
import AttestationVerification
import Foundation

/// `nitroforge verify-attestation`: checks an attestation document the way a client of an enclave should.
struct VerifyAttestation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-attestation",
        abstract: "Verify an AWS Nitro Enclaves attestation document (fails closed).",
        discussion: """
            Reads a COSE_Sign1 attestation document (raw CBOR or base64), checks its structure and fields, \
            the certificate chain to the root (the AWS Nitro Enclaves root, compiled in and checked against \
            its SHA-256 fingerprint, unless --root is given) at --at (default: now), the signature, and then \
            what you expect. It prints the decoded document and, on failure, the reason.

            It fails closed: a debug-mode document (PCR0 all zero) is refused unless --allow-debug; without \
            --expect-pcr it checks authenticity, prints the PCRs and refuses unless --any-pcrs.

            Exit status: 0 verified; 2 refused (malformed, forged, expired, other PCRs: any document it does \
            not accept); 1 bad arguments, or a file that cannot be read.

            EXAMPLE:
              nitroforge verify-attestation --document attestation.cbor \\
                --expect-pcr 0=17bf8f04...3790 --expect-pcr 8=... --nonce 0a1b2c
            """
    )

    @Option(help: "The attestation document: raw CBOR or base64.")
    var document: String

    @Option(help: "PEM file of the root to trust instead of the AWS Nitro Enclaves root (e.g. the development root).")
    var root: String?

    @Option(help: "Verification time in Unix seconds (default: now).")
    var at: Int64?

    @Option(name: .customLong("expect-pcr"), help: "An expected PCR as INDEX=HEX (INDEX 0-31; 32, 48 or 64 bytes); repeat for several. A PCR absent from the document fails.")
    var expectPCR: [PCRArgument] = []

    @Option(help: "The expected nonce, hex.")
    var nonce: HexArgument?

    @Flag(help: "Accept a debug-mode enclave (PCR0 all zero), whose memory its parent can read.")
    var allowDebug = false

    @Flag(name: .customLong("any-pcrs"), help: "Check authenticity only and accept any PCRs (when no --expect-pcr is given).")
    var anyPCRs = false

    @Flag(help: "Print the report as JSON on standard output.")
    var json = false

    func validate() throws {
        var seen = Set<Int>()
        for pcr in expectPCR where !seen.insert(pcr.index).inserted {
            throw ValidationError("--expect-pcr \(pcr.index) is given twice")
        }
    }

    func run() async throws {
        let contents: [UInt8]
        do { contents = Array(try Data(contentsOf: URL(fileURLWithPath: document))) } catch {
            throw CommandFailure.invalidInput("cannot read \(document): \(error.localizedDescription)")
        }
        let verifier: AttestationVerifier
        do {
            verifier = try root.map { try AttestationVerifier(rootPEM: String(contentsOfFile: $0, encoding: .utf8)) } ?? .awsNitro()
        } catch {
            throw CommandFailure.invalidInput("cannot load the root certificate \(root ?? "(AWS)"): \(error)")
        }
        let expectations = AttestationExpectations(
            pcrs: Dictionary(uniqueKeysWithValues: expectPCR.map { ($0.index, $0.value) }), nonce: nonce?.bytes, allowDebugMode: allowDebug)
        let check = AttestationCheck(verifier: verifier, time: at.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date(),
                                     expectations: expectations, authenticityOnly: anyPCRs)
        let (outcome, report) = await check.run(fileContents: contents)
        if json { try JSONOutput.print(report) } else { print(report.text) }
        if case .refused(let reason) = outcome {
            let hint = expectPCR.isEmpty && !anyPCRs ? " (give --expect-pcr, or --any-pcrs to accept any enclave)" : ""
            throw CommandFailure.refused(reason + hint)
        }
    }
}
