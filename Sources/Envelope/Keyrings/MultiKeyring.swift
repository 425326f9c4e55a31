/// Several keyrings as one (`framework/multi-keyring.md`): on encrypt the generator makes the data key and
/// every child wraps it too; on decrypt the first keyring that opens an EDK wins.
public struct MultiKeyring: Keyring {
    public let generator: (any Keyring)?
    public let children: [any Keyring]

    public init(generator: (any Keyring)?, children: [any Keyring] = []) throws {
        guard generator != nil || !children.isEmpty else {
            throw EnvelopeError(.invalidArgument, "a multi-keyring needs a generator or at least one child")
        }
        self.generator = generator
        self.children = children
    }

    public func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        var materials = materials
        if let generator {
            materials = try await generator.onEncrypt(materials)
        } else if materials.plaintextDataKey == nil {
            throw EnvelopeError(.keyring, "a multi-keyring without a generator cannot make a data key")
        }
        for child in children {
            materials = try await child.onEncrypt(materials)
        }
        return materials
    }

    public func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        guard materials.plaintextDataKey == nil else { return materials }
        var failures: [String] = []
        for keyring in [generator].compactMap({ $0 }) + children {
            do {
                let result = try await keyring.onDecrypt(materials, encryptedDataKeys: encryptedDataKeys)
                if result.plaintextDataKey != nil { return result }
            } catch {
                failures.append(String(describing: error))
            }
        }
        guard failures.isEmpty else {
            throw EnvelopeError(.keyring, "no keyring opened a data key: \(failures.joined(separator: "; "))")
        }
        return materials
    }
}
