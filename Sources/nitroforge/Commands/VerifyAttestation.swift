import ArgumentParser
import Attestation
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
            --expect-pcr it checks authenticity, prints the PCRs and exits non-zero unless --any-pcrs.

            Exit status: 0 verified; 1 the input is not a readable document or the arguments are invalid; \
            2 the document was refused.

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

    @Option(name: .customLong("expect-pcr"), help: "An expected PCR as INDEX=HEX; repeat for several. A PCR absent from the document fails.")
    var expectPCR: [String] = []

    @Option(help: "The expected nonce, hex.")
    var nonce: String?

    @Flag(help: "Accept a debug-mode enclave (PCR0 all zero), whose memory its parent can read.")
    var allowDebug = false

    @Flag(name: .customLong("any-pcrs"), help: "Check authenticity only and accept any PCRs (when no --expect-pcr is given).")
    var anyPCRs = false

    @Flag(help: "Print the report as JSON on standard output.")
    var json = false

    func validate() throws {
        do { _ = try expectedPCRs() } catch { throw Self.fail(error.description, code: 1) }
        if let nonce, Hex.decode(nonce) == nil { throw Self.fail("--nonce is not hex: \(nonce)", code: 1) }
    }

    func run() async throws {
        let contents: [UInt8]
        do { contents = Array(try Data(contentsOf: URL(fileURLWithPath: document))) } catch {
            throw Self.fail("cannot read \(document): \(error.localizedDescription)", code: 1)
        }
        let verifier: AttestationVerifier
        do {
            verifier = try root.map { try AttestationVerifier(rootPEM: String(contentsOfFile: $0, encoding: .utf8)) } ?? .awsNitro()
        } catch {
            throw Self.fail("cannot load the root certificate \(root ?? "(AWS)"): \(error)", code: 1)
        }
        let expectations = AttestationExpectations(pcrs: try expectedPCRs(), nonce: nonce.flatMap(Hex.decode), allowDebugMode: allowDebug)
        let check = AttestationCheck(verifier: verifier, time: at.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date(),
                                     expectations: expectations, authenticityOnly: anyPCRs)
        let (outcome, report) = await check.run(fileContents: contents)
        if json { try JSONOutput.print(report) } else { print(report.text) }
        switch outcome {
        case .verified: return
        case .invalidInput(let reason): throw Self.fail(reason, code: 1)
        case .refused(let reason): throw Self.fail(reason, code: 2)
        }
    }

    /// Prints the one-line `error:` message and gives the exit status to throw.
    private static func fail(_ reason: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(reason)\n".utf8))
        return ExitCode(code)
    }

    private func expectedPCRs() throws(ValidationError) -> [Int: [UInt8]] {
        var pcrs: [Int: [UInt8]] = [:]
        for item in expectPCR {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let index = Int(parts[0]), (0...31).contains(index), let value = Hex.decode(parts[1]),
                  [32, 48, 64].contains(value.count)
            else {
                throw ValidationError("--expect-pcr \(item): expected INDEX=HEX with INDEX 0-31 and 32, 48 or 64 bytes of hex")
            }
            guard pcrs.updateValue(value, forKey: index) == nil else { throw ValidationError("--expect-pcr \(index) is given twice") }
        }
        return pcrs
    }
}
