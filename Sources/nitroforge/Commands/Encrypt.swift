import ArgumentParser
import AWSKMS
import Envelope
import Foundation

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
    var keyID: String

    @Option(name: .customLong("in"), help: "Plaintext file, or - for standard input.")
    var input: String

    @Option(name: .customLong("out"), help: "Message file to write, or - for standard output.")
    var output: String

    @Option(name: .customLong("context"), help: "An encryption context pair k=v (repeat for more).")
    var context: [String] = []

    @Option(help: "AES_256_GCM_HKDF_SHA512_COMMIT_KEY (0x0478) or AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 (0x0578, signed).")
    var suite = AlgorithmSuite.aes256GCMHKDFSHA512CommitKey.name

    @Option(name: .customLong("frame-size"), help: "Plaintext bytes per frame.")
    var frameSize = 1 << 20

    @Flag(help: "Print the message's metadata as JSON on standard output.")
    var json = false

    func validate() throws {
        _ = try EncryptionContext(arguments: context, option: "--context")
        guard let chosen = AlgorithmSuite(name: suite), chosen.isCommitting else {
            throw ValidationError("--suite \(suite) is not AES_256_GCM_HKDF_SHA512_COMMIT_KEY or AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384")
        }
        guard (1...Int(UInt32.max)).contains(frameSize) else {
            throw ValidationError("--frame-size \(frameSize) is not between 1 and 4294967295")
        }
        guard KMSKeyARN(keyID) != nil else {
            throw ValidationError("--key-id \(keyID) is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)")
        }
        guard output != "-" || !json else { throw ValidationError("--json needs --out to be a file, not standard output") }
    }

    func run() async throws {
        var options = EncryptOptions()
        options.encryptionContext = try EncryptionContext(arguments: context, option: "--context")
        options.suite = AlgorithmSuite(name: suite)!
        options.frameLength = frameSize
        try await EnvelopeCommand.run("encrypting", input: input, output: output, json: json) { progress in
            let client = EnvelopeClient(keyring: try KMSKeyring(client: try KMSClient.fromEnvironment(), keyIDs: [keyID]))
            return try await FileEncryption.encrypt(client: client, input: input, output: output, options: options, progress: progress)
        }
    }
}

extension EncryptionContext {
    /// Parses repeated `k=v` arguments; the value may contain `=`.
    init(arguments: [String], option: String) throws {
        self.init()
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ValidationError("\(option) \(argument) is not k=v")
            }
            let key = String(argument[..<equals])
            guard updateValue(String(argument[argument.index(after: equals)...]), forKey: key) == nil else {
                throw ValidationError("\(option) names \(key) twice")
            }
        }
    }
}

/// What `encrypt` and `decrypt` share: progress on standard error (not with `--json` or output to standard
/// output), the `--json` summary, and errors as one `error:` line with exit 1 for a bad message or input,
/// 2 for anything else (KMS, network, credentials).
enum EnvelopeCommand {
    static func run(
        _ label: String, input: String, output: String, json: Bool,
        _ body: (_ progress: (Int) -> Void) async throws -> MessageSummary
    ) async throws {
        do {
            let progress = ProgressReporter(label, total: FileChunks(path: input, chunkSize: 1).size, enabled: !json && output != "-")
            let summary = try await body { progress.advance(by: Int64($0)) }
            progress.finish()
            if json { try JSONOutput.print(summary) }
        } catch let error as EnvelopeError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(error.kind == .keyring ? 2 : 1)
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
