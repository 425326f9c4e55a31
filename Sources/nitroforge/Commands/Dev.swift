import ArgumentParser
import Attestation
import Foundation
import NitroDev

/// `nitroforge dev`: development stand-ins for what only exists on AWS (never part of a deployment).
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Development stand-ins for AWS-only services (never used in production).",
        subcommands: [DevKMS.self]
    )
}

/// `nitroforge dev kms`: the development KMS front that handles `Recipient` in front of moto.
struct DevKMS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kms",
        abstract: "Serve KMS on loopback with Recipient support, forwarding to a KMS stand-in such as moto.",
        discussion: """
            moto ignores the Recipient parameter of Decrypt, GenerateDataKey and GenerateRandom. This front \
            verifies a Recipient's attestation document against the development root (--dev-root), forwards \
            the request without the Recipient to --upstream, and answers with CiphertextForRecipient (CMS \
            EnvelopedData for the document's RSA key) and no Plaintext, as KMS does. Other requests pass \
            through. The upstream must not check request signatures (the forwarded body differs).

            EXAMPLE:
              nitroforge dev kms --listen 127.0.0.1:4600 --upstream http://127.0.0.1:5000 --dev-root dev-ca/root.pem
              AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4600 nitroforge-enclave ...
            """
    )

    @Option(help: "Loopback address and port to listen on, HOST:PORT (127.0.0.1 or ::1 only).")
    var listen = "127.0.0.1:4600"

    @Option(help: "URL of the KMS stand-in to forward to (default: $NITROFORGE_MOTO_URL).")
    var upstream: String?

    @Option(name: .customLong("dev-root"), help: "PEM file of the development root that signs emulator attestation documents.")
    var devRoot: String

    func validate() throws {
        _ = try address()
        guard upstreamURL() != nil else { throw ValidationError("give --upstream URL (or set NITROFORGE_MOTO_URL)") }
    }

    func run() async throws {
        let (host, port) = try address()
        let verifier: AttestationVerifier
        do { verifier = try AttestationVerifier(rootPEM: String(contentsOfFile: devRoot, encoding: .utf8)) } catch {
            FileHandle.standardError.write(Data("error: cannot load --dev-root \(devRoot): \(error)\n".utf8))
            throw ExitCode(1)
        }
        let front = DevelopmentKMSFront(upstream: upstreamURL()!, verifier: verifier)
        try await DevelopmentKMSServer.run(front: front, host: host, port: port) { bound in
            FileHandle.standardError.write(Data("dev kms: listening on \(host):\(bound), forwarding to \(front.upstream)\n".utf8))
        }
    }

    private func upstreamURL() -> URL? {
        (upstream ?? ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"]).flatMap(URL.init(string:))
    }

    private func address() throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen \(listen): expected HOST:PORT")
        }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw ValidationError("--listen \(listen): the development KMS front listens on loopback only")
        }
        return (host, port)
    }
}
