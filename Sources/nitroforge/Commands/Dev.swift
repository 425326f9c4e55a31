import ArgumentParser
import AWSCore
import Attestation
import AttestationVerification
import Foundation
import NitroDev

/// `nitroforge dev`: development stand-ins for what only exists on AWS (never part of a deployment).
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Development stand-ins for AWS-only services (never used in production).",
        subcommands: [DevUp.self, DevDown.self, DevRestart.self, DevEnv.self, DevKMS.self, DevAttest.self]
    )
}

/// `--dev-root DIR`, shared by the `dev` commands: one development root for every process.
struct DevRootOption: ParsableArguments {
    @Option(name: .customLong("dev-root"), help: "Folder of the development root (root.pem and root-key.pem), created when absent.")
    var devRoot: String

    func certificateAuthority() throws -> DevelopmentCA {
        do {
            return try DevelopmentCA.shared(in: URL(fileURLWithPath: devRoot))
        } catch {
            throw CommandFailure.invalidInput("--dev-root \(devRoot): \(error)")
        }
    }
}

/// `nitroforge dev kms`: the development KMS front that enforces key policies and handles `Recipient`.
struct DevKMS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kms",
        abstract: "Serve KMS on loopback, enforcing each key's policy and attestation, in front of moto.",
        discussion: """
            Every request's SigV4 signature is checked with the secret of its access key from --identities \
            ({"identities": [{"accessKeyId", "secretAccessKey", "principal"}]}); unknown keys and bad \
            signatures are refused as KMS refuses them. The key policy stored on the key in the upstream \
            (GetKeyPolicy) is then evaluated for the identity's principal, the action, the key, the \
            encryption context and, with Recipient, the attestation document's PCRs \
            (kms:RecipientAttestation:ImageSha384 and :PCR<n>). Documents must verify against the \
            development root (--dev-root); debug-mode documents only with --allow-debug. Allowed requests \
            go to the upstream signed with this process's own AWS credentials (AWS_ACCESS_KEY_ID, \
            AWS_SECRET_ACCESS_KEY), and a Recipient answer carries CiphertextForRecipient and no Plaintext. \
            Denials answer as KMS does: HTTP 400, AccessDeniedException, naming principal, action and key.

            EXAMPLE:
              nitroforge dev kms --listen 127.0.0.1:4600 --upstream http://127.0.0.1:5000 \\
                --dev-root .nitroforge/dev-root --identities .nitroforge/identities.json
              AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4600 nitroforge decrypt ...
            """
    )

    @Option(help: "Loopback address and port to listen on, HOST:PORT (127.0.0.1, ::1 or localhost only).")
    var listen = LoopbackAddress(host: "127.0.0.1", port: 4600)

    @Option(help: "URL of the KMS stand-in to forward to (default: $NITROFORGE_MOTO_URL).")
    var upstream: HTTPURLArgument?

    @OptionGroup var root: DevRootOption

    @Option(help: "JSON file of the callers: {\"identities\": [{\"accessKeyId\", \"secretAccessKey\", \"principal\"}]}.")
    var identities: String

    @Flag(help: "Accept debug-mode attestation documents (all-zero PCRs).")
    var allowDebug = false

    func validate() throws {
        guard upstreamURL != nil else { throw ValidationError("give --upstream URL (or set NITROFORGE_MOTO_URL to an http(s) URL)") }
    }

    func run() async throws {
        guard let upstream = upstreamURL else { throw CommandFailure.invalidInput("give --upstream URL (or set NITROFORGE_MOTO_URL)") }
        let callers: DevelopmentIdentities
        do { callers = try DevelopmentIdentities.read(from: URL(fileURLWithPath: identities)) } catch {
            throw CommandFailure.invalidInput("--identities \(identities): \(error)")
        }
        let ca = try root.certificateAuthority()
        let environment = AWSEnvironment()
        let credentials = try await EnvironmentCredentialProvider(environment: environment).credentials()
        let front = try DevelopmentKMSFront(
            upstream: upstream, verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()), identities: callers,
            upstreamCredentials: credentials, region: (try? environment.region()) ?? "us-east-1", allowDebug: allowDebug)
        let host = listen.host
        try await DevelopmentKMSServer.run(front: front, host: host, port: listen.port) { bound in
            FileHandle.standardError.write(Data("dev kms: listening on \(host):\(bound), forwarding to \(front.upstream), \(callers.identities.count) identities\n".utf8))
        }
    }

    private var upstreamURL: URL? {
        upstream?.url ?? ProcessInfo.processInfo.environment["NITROFORGE_MOTO_URL"].flatMap(HTTPURLArgument.init(argument:))?.url
    }
}

/// `nitroforge dev attest`: an attestation document from the NSM emulator, signed under the development root.
struct DevAttest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Write an attestation document signed by the NSM emulator under the development root.",
        discussion: """
            For exercising `nitroforge dev kms` and `verify-attestation --root DIR/root.pem` without an \
            enclave. PCRs not given are zero, as the NSM reports unused registers. --public-key is DER \
            SubjectPublicKeyInfo (`openssl rsa -pubout -outform DER`), the form KMS expects for Recipient.

            EXAMPLE:
              nitroforge dev attest --dev-root .nitroforge/dev-root --pcr 0=$(jq -r .Measurements.PCR0 build/measurements.json) \\
                --public-key recipient.der --out attestation.cbor
            """
    )

    @OptionGroup var root: DevRootOption

    @Option(help: "A PCR as INDEX=HEX (INDEX 0-15, 48 bytes); repeat for several. PCR0 is required.")
    var pcr: [PCRArgument] = []

    @Option(name: .customLong("public-key"), help: "DER SubjectPublicKeyInfo to put in the document's public_key.")
    var publicKey: String?

    @Option(help: "Nonce, hex.") var nonce: HexArgument?
    @Option(name: .customLong("user-data"), help: "User data, hex.") var userData: HexArgument?

    @Option(help: "Where to write the document (raw CBOR).")
    var out: String

    func validate() throws {
        var seen = Set<Int>()
        for value in pcr {
            guard NSMEmulator.attestedPCRs.contains(value.index), value.value.count == 48 else {
                throw ValidationError("--pcr \(value.index): the NSM attests PCR0-15, each 48 bytes (96 hex digits)")
            }
            guard seen.insert(value.index).inserted else { throw ValidationError("--pcr \(value.index) is given twice") }
        }
        guard seen.contains(0) else { throw ValidationError("give --pcr 0=HEX: KMS policies decide on PCR0") }
    }

    func run() async throws {
        let ca = try root.certificateAuthority()
        var key: [UInt8]?
        if let publicKey {
            do { key = Array(try Data(contentsOf: URL(fileURLWithPath: publicKey))) } catch {
                throw CommandFailure.invalidInput("cannot read --public-key \(publicKey): \(error.localizedDescription)")
            }
        }
        let emulator = NSMEmulator(ca: ca, pcrs: Dictionary(uniqueKeysWithValues: pcr.map { ($0.index, $0.value) }))
        let document: [UInt8]
        do {
            document = try NSMClient(transport: emulator).attestation(userData: userData?.bytes, nonce: nonce?.bytes, publicKey: key)
        } catch {
            throw CommandFailure.invalidInput("the NSM emulator refused the request: \(error)")
        }
        do { try Data(document).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            throw CommandFailure.internalFailure("cannot write \(out): \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data("dev attest: wrote \(out) (\(document.count) bytes), signed under \(root.devRoot)/root.pem\n".utf8))
    }
}
