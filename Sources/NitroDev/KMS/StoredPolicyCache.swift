import Foundation
import NIOConcurrencyHelpers

/// The key policies the development KMS read from its upstream, kept for a second. Without it every
/// enforced request costs two more upstream calls (`DescribeKey`, `GetKeyPolicy`), which on moto is most of
/// a job's KMS time. A change made through the front (a policy, an alias, a key's state) empties it; one
/// made on the upstream directly takes effect within `lifetime`.
final class StoredPolicyCache: Sendable {
    static let lifetime: TimeInterval = 1

    private struct Entry {
        var policy: KeyPolicyEnforcer.StoredPolicy
        var readAt: Date
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    /// The policy stored on `keyID` (as the request names it), read from `upstream` when not read within `lifetime`.
    func policy(keyID: String, upstream: KMSUpstream, now: Date = Date()) async throws -> Result<KeyPolicyEnforcer.StoredPolicy, KeyPolicyEnforcer.Refusal> {
        if let entry = entries.withLockedValue({ $0[keyID] }), now.timeIntervalSince(entry.readAt) < Self.lifetime {
            return .success(entry.policy)
        }
        let result = try await KeyPolicyEnforcer.storedPolicy(keyID: keyID, upstream: upstream)
        if case .success(let policy) = result {
            entries.withLockedValue { $0[keyID] = Entry(policy: policy, readAt: now) }
        }
        return result
    }

    /// Forgets every policy when `operation` may change what a key's policy or alias says.
    func forget(after operation: String) {
        guard !Self.readOnly.contains(operation) else { return }
        entries.withLockedValue { $0.removeAll() }
    }

    /// Operations that change no key, alias or policy.
    private static let readOnly: Set<String> = [
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "ReEncrypt", "DescribeKey", "GetKeyPolicy",
        "GetPublicKey", "ListAliases", "ListKeys", "ListKeyPolicies", "ListGrants", "ListResourceTags", "Sign", "Verify",
        "GenerateMac", "VerifyMac", "GetKeyRotationStatus",
    ]
}
