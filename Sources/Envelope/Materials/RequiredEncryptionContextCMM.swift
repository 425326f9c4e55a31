/// A materials manager that demands given context keys (`framework/required-encryption-context-cmm.md`).
/// On encrypt their pairs are authenticated but not stored in the header, so a reader must supply them;
/// on decrypt the caller must reproduce them.
public struct RequiredEncryptionContextCMM: CryptographicMaterialsManager {
    public let underlying: any CryptographicMaterialsManager
    public let requiredKeys: Set<String>

    public init(underlying: any CryptographicMaterialsManager, requiredKeys: Set<String>) {
        self.underlying = underlying
        self.requiredKeys = requiredKeys
    }

    public func encryptionMaterials(_ request: EncryptionMaterialsRequest) async throws -> EncryptionMaterials {
        try checkPresent(in: request.encryptionContext, what: "encryption context")
        var materials = try await underlying.encryptionMaterials(request)
        materials.requiredEncryptionContextKeys.formUnion(requiredKeys)
        return materials
    }

    public func decryptionMaterials(_ request: DecryptionMaterialsRequest) async throws -> DecryptionMaterials {
        try checkPresent(in: request.reproducedEncryptionContext, what: "reproduced encryption context")
        let materials = try await underlying.decryptionMaterials(request)
        try checkPresent(in: materials.encryptionContext, what: "decryption materials' context")
        return materials
    }

    private func checkPresent(in context: EncryptionContext, what: String) throws {
        let missing = requiredKeys.subtracting(context.keys).sorted()
        guard missing.isEmpty else {
            throw EnvelopeError(.encryptionContext, "the \(what) lacks required key(s) \(missing.joined(separator: ", "))")
        }
    }
}
