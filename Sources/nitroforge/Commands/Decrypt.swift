import ArgumentParser
import AWSCore
import AWSKMS
import AWSS3
import Envelope

/// `nitroforge decrypt`: an AWS Encryption SDK message back to its plaintext, through KMS.
struct Decrypt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt an AWS Encryption SDK message whose data key KMS wrapped.",
        discussion: """
            Reads messages written by nitroforge or any AWS Encryption SDK (aws-encryption-cli's default \
            suite 0x0578 included). Only committing suites are read unless --commitment-policy allows \
            others. With --key-id, only data keys wrapped under those ARNs are tried; without, any KMS key \
            of the partition and accounts given by --discovery-account (all accounts when none is given). \
            --require-context pairs must be bound to the message (stored in it, or authenticated as \
            required context). The plaintext appears at --out only after the whole message verified.

            EXAMPLE:
              nitroforge decrypt --in model.bin.esdk --out model.bin \\
                --key-id arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab \\
                --require-context nitroforge:app=demo --json
              nitroforge decrypt --in s3://demo-jobs/results/JOB.esdk --out scores.csv --key-id RESULTS_KEY_ARN \\
                --require-context nitroforge:purpose=result --require-context nitroforge:job=JOB
            """)

    @Option(name: .customLong("in"), help: "Message file, - for standard input, or s3://BUCKET/KEY (read with the AWS environment's credentials).")
    var input: String

    @Option(name: .customLong("out"), help: "Plaintext file to write, or - for standard output.")
    var output: String

    @Option(name: .customLong("require-context"), help: "A pair k=v the message must bind (repeat for more).")
    var requireContext: [KeyValueArgument] = []

    @Option(name: .customLong("key-id"), help: "A KMS key ARN whose data keys may be opened (repeat for more).")
    var keyIDs: [KeyARNArgument] = []

    @Option(name: .customLong("discovery-account"), help: "Without --key-id: an AWS account whose keys may be used (repeat for more).")
    var discoveryAccounts: [String] = []

    @Option(name: .customLong("discovery-partition"), help: "Without --key-id: the partition of --discovery-account.")
    var discoveryPartition = "aws"

    @Option(name: .customLong("commitment-policy"), help: "Which suites may be read: require-encrypt-require-decrypt reads committing suites only.")
    var commitmentPolicy = CommitmentPolicy.requireEncryptRequireDecrypt

    @Option(name: .customLong("max-encrypted-data-keys"), help: "Refuse messages with more encrypted data keys.")
    var maxEncryptedDataKeys = 3

    @Flag(help: "Print the message's metadata as JSON on standard output.")
    var json = false

    func validate() throws {
        if input.hasPrefix("s3://"), S3ObjectArgument(input) == nil { throw ValidationError("--in \(input): give s3://BUCKET/KEY") }
        _ = try EncryptionContext(pairs: requireContext, option: "--require-context")
        guard keyIDs.isEmpty || discoveryAccounts.isEmpty else {
            throw ValidationError("--discovery-account applies only without --key-id")
        }
        guard maxEncryptedDataKeys > 0 else { throw ValidationError("--max-encrypted-data-keys must be at least 1") }
        guard output != "-" || !json else { throw ValidationError("--json needs --out to be a file, not standard output") }
    }

    func run() async throws {
        var options = DecryptOptions()
        options.encryptionContext = try EncryptionContext(pairs: requireContext, option: "--require-context")
        options.commitmentPolicy = commitmentPolicy
        options.maxEncryptedDataKeys = maxEncryptedDataKeys
        try await EnvelopeCommand.run("decrypting", input: input, output: output, json: json) { progress in
            let kms = try KMSClient.fromEnvironment()
            let keyring = keyIDs.isEmpty
                ? KMSKeyring(discoveryClient: kms, filter: discoveryAccounts.isEmpty
                    ? nil : KMSDiscoveryFilter(partition: discoveryPartition, accounts: Set(discoveryAccounts)))
                : try KMSKeyring(client: kms, keyIDs: keyIDs.map(\.arn))
            let client = EnvelopeClient(keyring: keyring)
            if let object = S3ObjectArgument(input) {
                let s3 = S3Client(client: try AWSClient.fromEnvironment(service: .s3))
                let stored = try await s3.getObject(bucket: object.bucket, key: object.key)
                return try await FileEncryption.decrypt(client: client, ciphertext: stored.body, ciphertextBytes: stored.metadata.contentLength,
                                                        output: output, options: options, progress: progress)
            }
            return try await FileEncryption.decrypt(client: client, input: input, output: output, options: options, progress: progress)
        }
    }
}
