/// Wraps data keys with AWS KMS (`framework/aws-kms/aws-kms-keyring.md`): `GenerateDataKey` under the
/// generator key, `Encrypt` under each additional key, `Decrypt` on read, always with the message's
/// encryption context, so KMS key policies can condition on it.
///
/// On decrypt it only considers `aws-kms` encrypted data keys whose ARN is one of `keyIDs` (the filter the
/// runtimes use) or, in discovery mode (`keyIDs` empty), any key ARN the discovery filter accepts.
public struct KMSKeyring: Keyring {
    /// The provider id of every KMS-wrapped data key.
    public static let providerID = "aws-kms"

    public let client: any KMSKeyringClient
    /// Key ARNs: the first generates the data key on encrypt; on decrypt, the only keys accepted.
    public let keyIDs: [String]
    public let discoveryFilter: KMSDiscoveryFilter?
    public let grantTokens: [String]

    /// A keyring that encrypts under `keyIDs` (generator first) and decrypts only EDKs of those ARNs.
    public init(client: any KMSKeyringClient, keyIDs: [String], grantTokens: [String] = []) throws {
        guard !keyIDs.isEmpty else { throw EnvelopeError(.invalidArgument, "a KMS keyring needs at least one key id") }
        self.client = client
        self.keyIDs = keyIDs
        self.discoveryFilter = nil
        self.grantTokens = grantTokens
    }

    /// A decrypt-only discovery keyring: opens any `aws-kms` EDK whose key ARN the filter accepts (all, without one).
    public init(discoveryClient client: any KMSKeyringClient, filter: KMSDiscoveryFilter?, grantTokens: [String] = []) {
        self.client = client
        self.keyIDs = []
        self.discoveryFilter = filter
        self.grantTokens = grantTokens
    }

    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        guard let generator = keyIDs.first else {
            throw EnvelopeError(.keyring, "a discovery KMS keyring cannot encrypt")
        }
        var materials = materials
        var wrapUnder = keyIDs[...]
        if materials.plaintextDataKey == nil {
            let generated = try await client.generateDataKey(
                keyID: generator, numberOfBytes: materials.suite.keyLength,
                encryptionContext: materials.encryptionContext, grantTokens: grantTokens)
            guard generated.plaintext.count == materials.suite.keyLength, KMSKeyARN(generated.keyARN) != nil else {
                throw EnvelopeError(.keyring, "KMS GenerateDataKey under \(generator) returned a \(generated.plaintext.count)-byte key or an invalid key ARN \"\(generated.keyARN)\"")
            }
            materials.plaintextDataKey = generated.plaintext
            materials.encryptedDataKeys.append(EncryptedDataKey(
                providerID: Self.providerID, providerInfo: Array(generated.keyARN.utf8), ciphertext: generated.ciphertextBlob))
            wrapUnder = wrapUnder.dropFirst()
        }
        guard let dataKey = materials.plaintextDataKey else { return materials }
        for keyID in wrapUnder {
            let wrapped = try await client.encrypt(
                keyID: keyID, plaintext: dataKey, encryptionContext: materials.encryptionContext, grantTokens: grantTokens)
            materials.encryptedDataKeys.append(EncryptedDataKey(
                providerID: Self.providerID, providerInfo: Array(wrapped.keyARN.utf8), ciphertext: wrapped.ciphertextBlob))
        }
        return materials
    }

    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else { return materials }
        var failures: [String] = []
        for edk in encryptedDataKeys where edk.providerID == Self.providerID {
            guard let arnString = String(validating: edk.providerInfo, as: UTF8.self), let arn = KMSKeyARN(arnString),
                  accepts(arnString, arn) else { continue }
            do {
                let result = try await client.decrypt(
                    keyID: arnString, ciphertextBlob: edk.ciphertext,
                    encryptionContext: materials.encryptionContext, grantTokens: grantTokens)
                guard result.keyARN == arnString else {
                    failures.append("KMS Decrypt answered for key \(result.keyARN), not \(arnString)")
                    continue
                }
                guard result.plaintext.count == materials.suite.keyLength else {
                    failures.append("KMS Decrypt under \(arnString) returned a \(result.plaintext.count)-byte key")
                    continue
                }
                var materials = materials
                materials.plaintextDataKey = result.plaintext
                return materials
            } catch {
                failures.append("KMS Decrypt under \(arnString): \(error)")
            }
        }
        guard failures.isEmpty else {
            throw EnvelopeError(.keyring, failures.joined(separator: "; "))
        }
        return materials
    }

    private func accepts(_ arnString: String, _ arn: KMSKeyARN) -> Bool {
        guard arn.resource.hasPrefix("key/") else { return false }
        if !keyIDs.isEmpty { return keyIDs.contains(arnString) }
        return discoveryFilter?.accepts(arn) ?? true
    }
}
