import Foundation
import PolicyEvaluator

/// Decides one caller's request as KMS would under the key policy stored on each key it touches: the
/// policy is read from the upstream with `GetKeyPolicy` and evaluated by `PolicyEvaluator`. IAM policies
/// are not modelled, so a key policy that leaves a request to the account's IAM policies denies it here.
struct KeyPolicyEnforcer: Sendable {
    let upstream: KMSUpstream
    let policies: StoredPolicyCache
    /// The caller's IAM ARN, as the identities file names it.
    let principal: String
    let encryptionContext: [String: String]
    /// The `Recipient` document's measurements; nil without `Recipient`.
    let attestation: RecipientAttestation?

    /// The (action, key) pairs a request needs allowed, the key as the request names it (id, ARN or alias).
    func keysTouched(by operation: String, request: [String: Any]) async throws -> [(action: String, keyID: String)] {
        let action = "kms:" + operation
        func field(_ name: String) -> String? { request[name] as? String }
        switch operation {
        case "ReEncrypt":
            var pairs: [(String, String)] = []
            if let source = try await sourceKey(of: request) { pairs.append(("kms:ReEncryptFrom", source)) }
            if let destination = field("DestinationKeyId") { pairs.append(("kms:ReEncryptTo", destination)) }
            return pairs
        case "CreateAlias":
            return field("TargetKeyId").map { [(action, $0)] } ?? []
        case "UpdateAlias":
            return [field("AliasName"), field("TargetKeyId")].compactMap { $0 }.map { (action, $0) }
        case "DeleteAlias":
            return field("AliasName").map { [(action, $0)] } ?? []
        default:
            return field("KeyId").map { [(action, $0)] } ?? []
        }
    }

    /// Nil when the key policy allows `action` on `keyID` for this caller; otherwise KMS's answer.
    func check(action: String, keyID: String) async throws -> DevelopmentKMSFront.Reply? {
        switch try await policies.policy(keyID: keyID, upstream: upstream) {
        case .failure(let refusal): return refusal.reply
        case .success(let stored): return decide(action: action, under: stored)
        }
    }

    /// The key's ARN and the policy stored on it, or the answer KMS gives when either cannot be had.
    static func storedPolicy(keyID: String, upstream: KMSUpstream) async throws -> Result<StoredPolicy, Refusal> {
        guard let described = try await upstream.json("DescribeKey", ["KeyId": keyID]),
              let arn = (described["KeyMetadata"] as? [String: Any])?["Arn"] as? String
        else {
            return .failure(Refusal(reply: DevelopmentKMSFront.error("NotFoundException", "Key '\(keyID)' does not exist")))
        }
        guard let answer = try await upstream.json("GetKeyPolicy", ["KeyId": arn, "PolicyName": "default"]),
              let text = answer["Policy"] as? String
        else {
            return .failure(Refusal(reply: DevelopmentKMSFront.error("KMSInternalException", "cannot read the key policy of \(arn)", status: 500)))
        }
        do {
            return .success(StoredPolicy(arn: arn, policy: try PolicyDocument(json: Data(text.utf8))))
        } catch {
            return .failure(Refusal(reply: DevelopmentKMSFront.error(
                "KMSInternalException", "the key policy of \(arn) has what the development KMS cannot evaluate: \(error)", status: 500)))
        }
    }

    /// Nil when `stored` allows `action` for this caller; otherwise KMS's denial.
    func decide(action: String, under stored: StoredPolicy) -> DevelopmentKMSFront.Reply? {
        let arn = stored.arn
        let account = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init)
        let caller: RequestPrincipal = principal.hasSuffix(":root")
            ? .accountRoot(account: String(principal.split(separator: ":", omittingEmptySubsequences: false)[4]))
            : .iam(arn: principal)
        let request = RequestContext(principal: caller, action: action, resource: arn, resourceAccount: account,
                                     encryptionContext: encryptionContext, attestation: attestation)
        let reason: String
        switch stored.policy.evaluate(request) {
        case .allow: return nil
        case .explicitDeny: reason = "with an explicit deny in a resource-based policy"
        case .implicitDeny: reason = "because no resource-based policy allows the \(action) action"
        case .allowIfAccountAllows(let account, _):
            reason = "because no resource-based policy allows the \(action) action (the key policy leaves it to account \(account)'s IAM policies, which the development KMS does not model)"
        }
        return DevelopmentKMSFront.error("AccessDeniedException", "User: \(principal) is not authorized to perform: \(action) on resource: \(arn) \(reason)")
    }

    struct StoredPolicy: Sendable {
        let arn: String
        let policy: PolicyDocument
    }

    struct Refusal: Error {
        let reply: DevelopmentKMSFront.Reply
    }

    /// ReEncrypt's source key: named, or found by the upstream from the ciphertext (nothing is returned).
    private func sourceKey(of request: [String: Any]) async throws -> String? {
        if let named = request["SourceKeyId"] as? String { return named }
        guard let blob = request["CiphertextBlob"] as? String else { return nil }
        var probe: [String: Any] = ["CiphertextBlob": blob]
        if let context = request["SourceEncryptionContext"] { probe["EncryptionContext"] = context }
        return try await upstream.json("Decrypt", probe)?["KeyId"] as? String
    }
}
