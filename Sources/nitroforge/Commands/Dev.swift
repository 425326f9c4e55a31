import ArgumentParser
import Attestation
import AttestationVerification
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

    @Option(help: "Loopback address and port to listen on, HOST:PORT (127.0.0.1, ::1 or localhost only).")
    var listen = LoopbackAddress(host: "127.0.0.1", port: 4600)

    @Option(help: "URL of the KMS stand-in to forward to (default: $NITROFORGE_MOTO_URL).")
    var upstream: HTTPURLArgument?

    @Option(name: .customLong("dev-root"), help: "PEM file of the development root that signs emulator attestation documents.")
    var devRoot: String

    func validate() throws {
        guard upstreamURL != nil else { throw ValidationError("give --upstream URL (or set NITROFORGE_MOTO_URL to an http(s) URL)") }
    }

    func run() async throws {
        guard let upstream = upstreamURL else { throw CommandFailure.invalidInput("give --upstream URL (or set NITROFORGE_MOTO_URL)") }
        let verifier: AttestationVerifier
        do { verifier = try AttestationVerifier(rootPEM: String(contentsOfFile: devRoot, encoding: .utf8)) } catch {
            throw CommandFailure.invalidInput("cannot load --dev-root \(devRoot): \(error)")
        }
        let front = DevelopmentKMSFront(upstream: upstream, verifier: verifier)
        let host = listen.host
        try await DevelopmentKMSServer.run(front: front, host: host, port: listen.port) { bound in
            FileHandle.standardError.write(Data("dev kms: listening on \(host):\(bound), forwarding to \(front.upstream)\n".utf8))
        }
    }

    private var upstreamURL: URL? {
        upstream?.url ?? ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"].flatMap(HTTPURLArgument.init(argument:))?.url
    }
}
