import AWSKMS
import Foundation

/// Image rollouts. A deploy keeps every PCR0 the data key allows now beside the new image's, so hosts still
/// running the old image keep decrypting their jobs while the Auto Scaling group's instance refresh replaces
/// them; `deploy --finalize` removes the old values once no instance runs the old launch template.
enum Rollout {
    static let imageCondition = "kms:RecipientAttestation:ImageSha384"

    /// The PCR0 values the deployed data key's policy allows now, read from KMS; empty before the first deploy.
    static func allowedNow(outputs: [String: Any]) async throws -> [String] {
        guard let key = outputs["data_key_arn"] as? String else { return [] }
        return allowedPCR0(inPolicy: try await KMSClient.fromEnvironment().getKeyPolicy(keyID: key))
    }

    /// Every value a policy's statements compare the enclave's PCR0 with, lower-case and sorted.
    static func allowedPCR0(inPolicy text: String) -> [String] {
        guard let policy = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return [] }
        let statements = policy["Statement"] as? [[String: Any]] ?? (policy["Statement"] as? [String: Any]).map { [$0] } ?? []
        var values = Set<String>()
        for statement in statements {
            for case let keys as [String: Any] in (statement["Condition"] as? [String: Any] ?? [:]).values {
                switch keys[imageCondition] {
                case let value as String: values.insert(value.lowercased())
                case let list as [String]: values.formUnion(list.map { $0.lowercased() })
                default: break
                }
            }
        }
        return values.sorted()
    }

    /// `-var enclave_extra_pcr0=[...]`: the spec's own extra values, then the ones carried over.
    static func extraVariable(spec extras: [String], carried: [String]) -> [String] {
        ["-var", "enclave_extra_pcr0=[\((extras + carried).map { "\"\($0)\"" }.joined(separator: ","))]"]
    }

    /// Refuses (exit 2) while an instance of the group was launched from another launch template version than
    /// the one the group launches now: it may still run the old image.
    static func requireRefreshed(_ fleet: ConsumerFleet, group: String) async throws {
        guard let state = try await fleet.state(group: group) else { return }
        let current = try await fleet.launchedVersion(state)
        let behind = state.instances.filter { $0.launchTemplateVersion != current }
        guard behind.isEmpty else {
            throw CommandFailure.refused("deploy --finalize: \(behind.count) instances of \(group) were launched from another launch template version than \(current ?? "?") (\(behind.map { "\($0.id) at \($0.launchTemplateVersion ?? "?")" }.joined(separator: ", "))), so they may run the old image: wait for the instance refresh (`nitroforge status`), then finalize")
        }
    }
}
