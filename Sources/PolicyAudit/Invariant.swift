/// The design's invariants for the key policies, by name.
public enum Invariant: String, Sendable, Codable, CaseIterable, Hashable {
    /// Only a request with an allowed PCR0 (and PCR8 when signed) can `Decrypt` under the data key.
    case dataKeyDecryptRequiresAllowedImage
    /// The consumer role without attestation can neither `Decrypt` under the data or results key nor
    /// `GenerateDataKey*`, `Encrypt` or `ReEncrypt*` under the results key.
    case consumerWithoutAttestationCannotUseKeys
    /// Nobody can `ReEncrypt*` under the data key.
    case noReEncryptUnderDataKey
    /// Nobody can `UpdateAlias` or `DeleteAlias` under any of the keys.
    case aliasesCannotChange
    /// Administrators manage but never use a key.
    case administratorsNeverUseKeys
    /// The account root (and through it, the account's IAM policies) gets no `kms:*` and no key use.
    case accountRootHasNoKMSStar
    /// Only the producer (and the model publisher) can generate data keys (or `Encrypt`) under the data
    /// key, and only with `nitroforge:app` set to the deployment's name.
    case onlyProducersGenerateDataKeysForApp
    /// Only the result readers can `Decrypt` under the results key, and only with the result context.
    case onlyResultReadersDecryptResultsWithContext
    /// The enclave (consumer role with an allowed attestation) can still decrypt jobs and encrypt results.
    case enclaveUsesKeysWithAllowedImage
    /// With the `Deny` statements removed, the `Allow` statements alone still require an allowed PCR0 for
    /// `Decrypt` under the data key and for `GenerateDataKey*`, `Encrypt`, `ReEncrypt*` under the results key.
    case allowsRequireAttestation
    /// With `kms:*` allowed to every principal, `Decrypt` under the data key still needs an allowed image.
    case dataKeyDecryptDeniedExplicitly
    /// With `kms:*` allowed to every principal, `GenerateDataKey*`, `Encrypt` and `ReEncryptTo` under the
    /// results key still need an allowed image.
    case resultsKeyEncryptionDeniedExplicitly
    /// With `kms:*` allowed to every principal, `ReEncrypt*` under the data key is still denied.
    case dataKeyReEncryptDeniedExplicitly
    /// With `kms:*` allowed to every principal, alias changes are still denied.
    case aliasChangesDeniedExplicitly
}
