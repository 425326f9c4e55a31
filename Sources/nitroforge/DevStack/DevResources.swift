import AWSCore
import AWSKMS
import AWSS3
import AWSSQS
import Crypto
import Envelope
import JobProtocol
import NIOCore
import Foundation
import NitroForgeGen
import NitroForgeSpec
import NitroFormats

/// What the spec's deployment needs in the AWS stand-in: the data and results keys carrying the generated
/// key policies (PCR0 resolved to the development measurement), their aliases, a storage key, the bucket,
/// the queue with its dead-letter queue, and an identity for each role the policies name.
struct DevResources {
    struct Created {
        var dataKeyARN: String
        var resultsKeyARN: String
        var storageKeyARN: String
        var dataKeyAlias: String
        var resultsKeyAlias: String
        var bucket: String
        var queueURL: String
        var deadLetterQueueURL: String
        var identities: DevUpAnswer.Identities
    }

    let spec: Spec
    let endpoint: String
    let pcr0: String

    func create(from generation: Generation) async throws -> Created {
        let credentials = StaticCredentialProvider(AWSCredentials(accessKeyID: "nitroforge-dev", secretAccessKey: "nitroforge-dev"))
        func client(_ service: AWSService) throws -> AWSClient {
            AWSClient(service: service, region: spec.region, endpoint: try AWSEndpoint(url: endpoint), credentials: credentials)
        }
        let kms = KMSClient(client: try client(.kms))
        let s3 = S3Client(client: try client(.s3))
        let sqs = SQSClient(client: try client(.sqs))

        let dataPolicy = try policy("data-key.json", in: generation)
        let resultsPolicy = try policy("results-key.json", in: generation)
        let enclave = try enclaveJSON(in: generation)
        guard let kmsSettings = enclave["kms"] as? [String: Any], let dataAlias = kmsSettings["dataKeyAlias"] as? String,
              let resultsAlias = kmsSettings["resultsKeyAlias"] as? String
        else { throw CommandFailure.internalFailure("the generated enclave/enclave.json names no key aliases") }

        let dataKey = try await kms.createKey(CreateKeyRequest(description: "\(spec.name) job data (nitroforge dev)", policy: dataPolicy.text))
        let resultsKey = try await kms.createKey(CreateKeyRequest(description: "\(spec.name) results (nitroforge dev)", policy: resultsPolicy.text))
        let storageKey = try await kms.createKey(CreateKeyRequest(description: "\(spec.name) storage (nitroforge dev)"))
        try await kms.createAlias(aliasName: dataAlias, targetKeyID: dataKey.keyMetadata.arn)
        try await kms.createAlias(aliasName: resultsAlias, targetKeyID: resultsKey.keyMetadata.arn)

        let bucket = "\(spec.name)-jobs-dev"
        try await s3.createBucket(bucket)
        let account = KMSKeyAccount.of(dataKey.keyMetadata.arn) ?? spec.accountForARNs
        let deadLetterURL = try await sqs.createQueue(name: spec.queue.deadLetterQueueName)
        let redrive = #"{"deadLetterTargetArn":"arn:aws:sqs:\#(spec.region):\#(account):\#(spec.queue.deadLetterQueueName)","maxReceiveCount":"\#(spec.queue.maxReceiveCount)"}"#
        let queueURL = try await sqs.createQueue(name: spec.queue.name, attributes: [
            "RedrivePolicy": redrive, "VisibilityTimeout": String(Self.visibilityTimeoutSeconds),
        ])

        func identity(_ principal: String) -> DevUpAnswer.Identity {
            DevUpAnswer.Identity(accessKeyId: "AKIADEV" + Self.randomText(13).uppercased(), secretAccessKey: Self.randomText(40), principal: principal)
        }
        let identities = DevUpAnswer.Identities(
            producer: identity(try dataPolicy.principal(of: "ProducersGenerateDataKeysForThisApp")),
            consumer: identity(try dataPolicy.principal(of: "EnclaveDecryptsWithAttestation")),
            resultReader: identity(try resultsPolicy.principal(of: "ResultReadersDecryptResults")))
        return Created(
            dataKeyARN: dataKey.keyMetadata.arn, resultsKeyARN: resultsKey.keyMetadata.arn, storageKeyARN: storageKey.keyMetadata.arn,
            dataKeyAlias: dataAlias, resultsKeyAlias: resultsAlias, bucket: bucket, queueURL: queueURL, deadLetterQueueURL: deadLetterURL,
            identities: identities)
    }

    /// Encrypts `plaintext` as the model publisher would (under the data key, with the model context) and
    /// stores it where the spec says the model is, in a bucket made for it when it is not the jobs bucket.
    func uploadModel(_ plaintext: URL, to model: ModelArtifact, dataKeyARN: String) async throws {
        let credentials = StaticCredentialProvider(AWSCredentials(accessKeyID: "nitroforge-dev", secretAccessKey: "nitroforge-dev"))
        let kms = KMSClient(client: AWSClient(service: .kms, region: spec.region, endpoint: try AWSEndpoint(url: endpoint), credentials: credentials))
        let s3 = S3Client(client: AWSClient(service: .s3, region: spec.region, endpoint: try AWSEndpoint(url: endpoint), credentials: credentials))
        let bytes: Data
        do { bytes = try Data(contentsOf: plaintext) } catch {
            throw CommandFailure.invalidInput("--model \(plaintext.path): \(error.localizedDescription)")
        }
        var options = EncryptOptions()
        options.encryptionContext = JobEncryptionContext.model(app: spec.name)
        let message = try await EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [dataKeyARN])).encrypt(ByteBuffer(bytes: bytes), options: options)
        if model.bucket != "\(spec.name)-jobs-dev" { try await s3.createBucket(model.bucket) }
        _ = try await s3.putObject(bucket: model.bucket, key: model.key, buffer: message)
    }

    /// Short, so that a failing job reaches the dead-letter queue in seconds rather than minutes; the host
    /// extends it while a job runs.
    static let visibilityTimeoutSeconds = 10

    /// A generated key policy with the development PCR0 in place of the measurement placeholder.
    private func policy(_ name: String, in generation: Generation) throws -> KeyPolicyText {
        guard let file = generation.files.first(where: { $0.path == "policies/\(name)" }) else {
            throw CommandFailure.internalFailure("generate wrote no policies/\(name)")
        }
        let text = file.contents.replacingOccurrences(of: "<enclave-pcr0>", with: pcr0)
        if let range = text.range(of: #"<[a-z0-9-]+>"#, options: .regularExpression) {
            throw CommandFailure.invalidInput("policies/\(name) still has the placeholder \(text[range]); dev up resolves only <enclave-pcr0>")
        }
        return KeyPolicyText(name: name, text: text)
    }

    func enclaveJSON(in generation: Generation) throws -> [String: Any] {
        guard let file = generation.files.first(where: { $0.path == "enclave/enclave.json" }),
              let object = try JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any]
        else { throw CommandFailure.internalFailure("generate wrote no readable enclave/enclave.json") }
        return object
    }

    static func randomText(_ count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// A key policy document, read for the principal each statement names.
struct KeyPolicyText {
    let name: String
    let text: String

    func principal(of sid: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let statements = object["Statement"] as? [[String: Any]],
              let statement = statements.first(where: { $0["Sid"] as? String == sid }),
              let principal = statement["Principal"] as? [String: Any]
        else { throw CommandFailure.internalFailure("policies/\(name) has no statement \(sid) with a principal") }
        if let single = principal["AWS"] as? String { return single }
        if let first = (principal["AWS"] as? [String])?.first { return first }
        throw CommandFailure.internalFailure("policies/\(name) statement \(sid) names no AWS principal")
    }
}

enum KMSKeyAccount {
    /// The account of `arn:aws:kms:REGION:ACCOUNT:key/ID`.
    static func of(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count >= 6 ? String(parts[4]) : nil
    }
}
