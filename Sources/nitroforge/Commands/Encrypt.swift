import ArgumentParser
import AWSKMS
import Envelope

/// `nitroforge encrypt`: a file into an AWS Encryption SDK message whose data key KMS generates.
struct Encrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt a file into an AWS Encryption SDK message under a KMS key.",
        discussion: """
            Writes the ESDK message format version 2 with key commitment (any AWS Encryption SDK or \
            aws-encryption-cli can decrypt it), framed, one KMS GenerateDataKey per message. The encryption \
            context is stored in the message and sent to KMS. Region and endpoint come from AWS_REGION \
            (or AWS_DEFAULT_REGION) and AWS_ENDPOINT_URL_KMS (or AWS_ENDPOINT_URL); credentials from the \
            usual chain. The output appears only when the whole message has been written.

            EXAMPLE:
              nitroforge encrypt --key-id arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab \\
                --in model.bin --out model.bin.esdk --context nitroforge:app=demo --context nitroforge:purpose=input
            """)

    @Option(name: .customLong("key-id"), help: "ARN of the KMS key that generates the data key.")
    var keyID: KeyARNArgument

    @Option(name: .customLong("in"), help: "Plaintext file, or - for standard input.")
    var input: String

    @Option(name: .customLong("out"), help: "Message file to write, or - for standard output.")
    var output: String

    @Option(name: .customLong("context"), help: "An encryption context pair k=v (repeat for more).")
    var context: [KeyValueArgument] = []

    @Option(help: "The suite: AES_256_GCM_HKDF_SHA512_COMMIT_KEY (0x0478) or AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 (0x0578, signed).")
    var suite = CommittingSuite(.aes256GCMHKDFSHA512CommitKey)

    @Option(name: .customLong("frame-size"), help: "Plaintext bytes per frame (1 to 4294967295).")
    var frameSize = 1 << 20

    @Flag(help: "Print the message's metadata as JSON on standard output.")
    var json = false

    func validate() throws {
        _ = try EncryptionContext(pairs: context, option: "--context")
        guard (1...Int(UInt32.max)).contains(frameSize) else {
            throw ValidationError("--frame-size \(frameSize) is not between 1 and 4294967295")
        }
        guard output != "-" || !json else { throw ValidationError("--json needs --out to be a file, not standard output") }
    }

    func run() async throws {
        var options = EncryptOptions()
        options.encryptionContext = try EncryptionContext(pairs: context, option: "--context")
        options.suite = suite.suite
        options.frameLength = frameSize
        try await EnvelopeCommand.run("encrypting", input: input, output: output, json: json) { progress in
            let client = EnvelopeClient(keyring: try KMSKeyring(client: try KMSClient.fromEnvironment(), keyIDs: [keyID.arn]))
            return try await FileEncryption.encrypt(client: client, input: input, output: output, options: options, progress: progress)
        }
    }
}

/// What `encrypt` and `decrypt` share: progress on standard error (not with `--json` or output to standard
/// output) and the `--json` summary. Errors end the command through `main` (`LibraryErrors.swift`).
enum EnvelopeCommand {
    static func run(
        _ label: String, input: String, output: String, json: Bool,
        _ body: (_ progress: (Int) -> Void) async throws -> MessageSummary
    ) async throws {
        let progress = ProgressReporter(label, total: FileChunks(path: input, chunkSize: 1).size, enabled: !json && output != "-")
        let summary = try await body { progress.advance(by: Int64($0)) }
        progress.finish()
        if json { try JSONOutput.print(summary) }
    }
}
