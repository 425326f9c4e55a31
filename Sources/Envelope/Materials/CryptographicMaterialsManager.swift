import Crypto

/// A request for the materials to write one message.
public struct EncryptionMaterialsRequest: Sendable {
    public var suite: AlgorithmSuite
    public var encryptionContext: EncryptionContext

    public init(suite: AlgorithmSuite, encryptionContext: EncryptionContext) {
        self.suite = suite
        self.encryptionContext = encryptionContext
    }
}

/// A request for the materials to read one message.
public struct DecryptionMaterialsRequest: Sendable {
    public var suite: AlgorithmSuite
    public var encryptedDataKeys: [EncryptedDataKey]
    /// The pairs stored in the header.
    public var storedEncryptionContext: EncryptionContext
    /// Pairs the caller expects; those not stored are authenticated as required context.
    public var reproducedEncryptionContext: EncryptionContext

    public init(
        suite: AlgorithmSuite, encryptedDataKeys: [EncryptedDataKey], storedEncryptionContext: EncryptionContext,
        reproducedEncryptionContext: EncryptionContext
    ) {
        self.suite = suite
        self.encryptedDataKeys = encryptedDataKeys
        self.storedEncryptionContext = storedEncryptionContext
        self.reproducedEncryptionContext = reproducedEncryptionContext
    }
}

/// Assembles materials around a keyring (`framework/cmm-interface.md`).
public protocol CryptographicMaterialsManager: Sendable {
    func encryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials
    func decryptionMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials
}

/// The default materials manager (`framework/default-cmm.md`): adds the signing key for signing suites,
/// calls the keyring, and checks the reproduced context against the stored one. No data-key cache: each
/// message gets its own data key.
public struct DefaultCryptographicMaterialsManager: CryptographicMaterialsManager {
    public let keyring: any Keyring

    public init(keyring: any Keyring) {
        self.keyring = keyring
    }

    public func encryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials {
        try EncryptionContextCoding.checkNoReservedKeys(request.encryptionContext)
        var materials = EncryptionMaterials(suite: request.suite, encryptionContext: request.encryptionContext)
        if let signature = request.suite.signature {
            let key = MessageSigningKey.generate(for: signature)
            materials.signingKey = key
            materials.encryptionContext[EncryptionContextCoding.publicKeyKey] = key.encodedPublicKey
        }
        let result = try await keyring.onEncrypt(materials)
        guard let dataKey = result.plaintextDataKey, dataKey.count == request.suite.keyLength, !result.encryptedDataKeys.isEmpty else {
            throw EnvelopeError(.keyring, "the keyring produced no data key or no encrypted data key")
        }
        return result
    }

    public func decryptionMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials {
        var context = request.storedEncryptionContext
        var authenticatedOnly: Set<String> = []
        for (key, value) in request.reproducedEncryptionContext {
            if let stored = context[key] {
                guard stored == value else {
                    throw EnvelopeError(.encryptionContext, "the message binds \"\(key)\" to \"\(stored)\", not the expected \"\(value)\"")
                }
            } else {
                context[key] = value
                authenticatedOnly.insert(key)
            }
        }
        var materials = DecryptionMaterials(
            suite: request.suite, encryptionContext: context, requiredEncryptionContextKeys: authenticatedOnly)
        let encodedKey = context[EncryptionContextCoding.publicKeyKey]
        switch (request.suite.signature, encodedKey) {
        case (let signature?, let encoded?):
            materials.verificationKey = try MessageVerificationKey(encoded: encoded, for: signature)
        case (.some, nil):
            throw EnvelopeError(.encryptionContext, "suite \(request.suite) signs but the context has no aws-crypto-public-key")
        case (nil, .some):
            throw EnvelopeError(.encryptionContext, "suite \(request.suite) does not sign but the context has an aws-crypto-public-key")
        case (nil, nil):
            break
        }
        let result = try await keyring.onDecrypt(materials, encryptedDataKeys: request.encryptedDataKeys)
        guard let dataKey = result.plaintextDataKey else {
            let providers = Set(request.encryptedDataKeys.map(\.providerID)).sorted().joined(separator: ", ")
            throw EnvelopeError(.keyring, "no keyring could open any of the \(request.encryptedDataKeys.count) encrypted data keys (providers: \(providers))")
        }
        guard dataKey.count == request.suite.keyLength else {
            throw EnvelopeError(.keyring, "the keyring returned a \(dataKey.count)-byte data key; suite \(request.suite) needs \(request.suite.keyLength)")
        }
        return result
    }
}
