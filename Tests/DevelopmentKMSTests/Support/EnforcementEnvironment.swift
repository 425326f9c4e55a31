import AWSCore
import AWSKMS
import Attestation
import AttestationVerification
import Foundation
import NitroDev
import NitroForgeGen
import NitroForgeSpec
import NitroFormats
import XCTest

/// The inference example's generated key policies on real moto keys (placeholders resolved), behind the
/// enforcing development KMS, with an identity for each role the policies name. Built once for the class.
struct EnforcementEnvironment: Sendable {
    struct Caller: Sendable {
        let principal: String
        let credentials: AWSCredentials
    }

    let moto: URL
    let front: URL
    /// The front itself, for its decisions without a request on the wire.
    let frontService: DevelopmentKMSFront
    let app: String
    let account: String
    let dataKeyARN: String
    let resultsKeyARN: String
    let ca: DevelopmentCA
    /// The PCR0 the policies allow (the `<enclave-pcr0>` placeholder resolved to it).
    let allowedPCR0: [UInt8]
    let producer: Caller
    let consumer: Caller
    let resultReader: Caller
    let administrator: Caller
    /// The policies as stored on the keys, by file name (`data-key.json`, ...).
    let storedPolicies: [String: String]

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func make(moto: URL, frontPort: @Sendable (DevelopmentKMSFront) async throws -> Int) async throws -> EnforcementEnvironment {
        let spec = repo.appendingPathComponent("examples/inference/nitroforge.yaml").path
        let generation = try Generation.prepare(specPath: spec, outputDirectory: FileManager.default.temporaryDirectory)
        let loaded = try SpecLoader.load(path: spec)
        let account = loaded.accountForARNs
        let allowedPCR0 = [UInt8](repeating: 0xa5, count: 48)
        var policies: [String: String] = [:]
        for name in ["data-key.json", "results-key.json", "storage-key.json"] {
            let file = try XCTUnwrap(generation.files.first { $0.path == "policies/\(name)" }, "generate wrote no policies/\(name)")
            policies[name] = file.contents.replacingOccurrences(of: "<enclave-pcr0>", with: Hex.encode(allowedPCR0))
            XCTAssertFalse(policies[name]!.contains("<"), "\(name) still has a placeholder")
        }
        let setup = KMSClient(client: AWSClient(service: .kms, region: loaded.region, endpoint: try AWSEndpoint(url: moto.absoluteString),
                                                credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "setup", secretAccessKey: "setup"))))
        let dataKey = try await setup.createKey(CreateKeyRequest(description: "data", policy: policies["data-key.json"]))
        let resultsKey = try await setup.createKey(CreateKeyRequest(description: "results", policy: policies["results-key.json"]))

        func caller(_ role: String, key: String) -> Caller {
            Caller(principal: "arn:aws:iam::\(account):role/\(role)",
                   credentials: AWSCredentials(accessKeyID: "AKIADEV\(key)", secretAccessKey: "secret-of-\(role)"))
        }
        let producer = caller("\(loaded.name)-producer", key: "PRODUCER")
        let consumer = caller("\(loaded.name)-consumer", key: "CONSUMER")
        let resultReader = caller("fraud-analysts", key: "READER")
        let administrator = caller("platform-admin", key: "ADMIN")
        let identities = try DevelopmentIdentities([producer, consumer, resultReader, administrator].map {
            .init(accessKeyId: $0.credentials.accessKeyID, secretAccessKey: $0.credentials.secretAccessKey, principal: $0.principal)
        })
        let ca = try DevelopmentCA()
        let front = try DevelopmentKMSFront(upstream: moto, verifier: try AttestationVerifier(rootPEM: try ca.rootPEM()),
                                            identities: identities, region: loaded.region)
        let port = try await frontPort(front)
        return EnforcementEnvironment(
            moto: moto, front: URL(string: "http://127.0.0.1:\(port)")!, frontService: front, app: loaded.name, account: account,
            dataKeyARN: dataKey.keyMetadata.arn, resultsKeyARN: resultsKey.keyMetadata.arn, ca: ca, allowedPCR0: allowedPCR0,
            producer: producer, consumer: consumer, resultReader: resultReader, administrator: administrator, storedPolicies: policies)
    }

    /// A key carrying the generated storage key policy (made on first use; only the audit comparison needs it).
    func storageKeyARN() async throws -> String {
        let setup = KMSClient(client: AWSClient(service: .kms, region: "us-east-1", endpoint: try AWSEndpoint(url: moto.absoluteString),
                                                credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "setup", secretAccessKey: "setup"))))
        return try await setup.createKey(CreateKeyRequest(description: "storage", policy: storedPolicies["storage-key.json"])).keyMetadata.arn
    }

    /// A KMS client that signs as `caller` and reaches the front.
    func kms(_ caller: Caller) throws -> KMSClient {
        KMSClient(client: AWSClient(service: .kms, region: "us-east-1", endpoint: try AWSEndpoint(url: front.absoluteString),
                                    credentials: StaticCredentialProvider(caller.credentials), retry: RetryConfiguration(maxAttempts: 1)))
    }

    /// The enclave's client: the consumer's credentials, documents from an emulator reporting `pcr0`.
    func enclave(pcr0: [UInt8]) throws -> RecipientKMSClient {
        try RecipientKMSClient(kms: try kms(consumer), nsm: NSMClient(transport: NSMEmulator(ca: ca, pcrs: [0: pcr0])))
    }
}

/// `Decrypt` and `GenerateDataKey` with a `Recipient`, unwrapped as the enclave does (written here rather
/// than linking the enclave's module, so the test reads what travels on the wire).
struct RecipientKMSClient {
    let kms: KMSClient
    let nsm: NSMClient
    let key: RecipientKeyPair

    init(kms: KMSClient, nsm: NSMClient) throws {
        self.kms = kms
        self.nsm = nsm
        key = try RecipientKeyPair()
    }

    func decrypt(_ blob: [UInt8], context: [String: String]) async throws -> DecryptResponse {
        try await kms.decrypt(DecryptRequest(ciphertextBlob: blob, encryptionContext: context, recipient: try recipient()))
    }

    func generateDataKey(_ keyID: String, context: [String: String]) async throws -> GenerateDataKeyResponse {
        try await kms.generateDataKey(GenerateDataKeyRequest(keyID: keyID, encryptionContext: context, recipient: try recipient()))
    }

    func unwrap(_ ciphertextForRecipient: [UInt8]?) throws -> [UInt8] {
        try CMSEnvelopedData(berEncoded: try XCTUnwrap(ciphertextForRecipient)).decrypt(with: key.privateKey)
    }

    private func recipient() throws -> KMSRecipient {
        KMSRecipient(attestationDocument: try nsm.attestation(publicKey: key.publicKeyDER))
    }
}
