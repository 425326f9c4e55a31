import Foundation
import PolicyEvaluator

extension AuditSubject {
    /// Reconstructs the subject from an output folder when the spec is not at hand (`audit --dir OUT`).
    ///
    /// The name and measurements come from `nitroforge.auto.tfvars.json` (the `<enclave-pcr0>` and
    /// `<enclave-pcr8>` placeholders when no measurements were known); the account from
    /// `enclave/enclave.json`; producer and consumer from the fixed role names `<name>-producer` and
    /// `<name>-consumer`. The other principals are recognised by where they appear, never by what they
    /// are granted: administrators are named in all three key policies, result readers in the results
    /// key's only, the model publisher in the data key's only. A principal added to the results key by
    /// hand is therefore taken for a result reader; pass the spec's lists when they are known.
    public static func inferred(outputFolder: URL, policies: KeyPolicySet) throws -> AuditSubject {
        let tfvars = try readJSONObject(outputFolder.appendingPathComponent("nitroforge.auto.tfvars.json"))
        guard let name = tfvars["name"] as? String else { throw AuditError.cannotInfer("no \"name\" in nitroforge.auto.tfvars.json") }
        let enclave = try? readJSONObject(outputFolder.appendingPathComponent("enclave/enclave.json"))
        let named = KeyRole.allCases.map { Set(policies[$0].map(namedAWSPrincipals) ?? []) }
        guard let account = (enclave?["accountId"] as? String) ?? named[0].compactMap(accountOf).first else {
            throw AuditError.cannotInfer("no account id in enclave/enclave.json and no ARN in the data key policy")
        }
        let producer = "arn:aws:iam::\(account):role/\(name)-producer"
        let consumer = "arn:aws:iam::\(account):role/\(name)-consumer"
        let roles: Set<String> = [producer, consumer]
        let administrators = named[0].intersection(named[1]).intersection(named[2]).subtracting(roles)
        let readers = named[1].subtracting(named[0]).subtracting(named[2]).subtracting(roles)
        let publishers = named[0].subtracting(named[1]).subtracting(named[2]).subtracting(roles)
        guard publishers.count <= 1 else {
            throw AuditError.cannotInfer("several principals only in the data key policy: \(publishers.sorted())")
        }
        let pcr0 = [(tfvars["enclave_pcr0"] as? String) ?? "<enclave-pcr0>"] + ((tfvars["enclave_extra_pcr0"] as? [String]) ?? [])
        let signed = tfvars["enclave_pcr8"] != nil || policies.policies.values.contains { mentions($0, ConditionKey.pcr(8)) }
        return AuditSubject(
            deploymentName: name, account: account, producer: producer, consumer: consumer,
            modelPublisher: publishers.first, resultReaders: readers.sorted(), administrators: administrators.sorted(),
            allowedPCR0: pcr0, allowedPCR8: signed ? [(tfvars["enclave_pcr8"] as? String) ?? "<enclave-pcr8>"] : nil
        )
    }

    private static func readJSONObject(_ url: URL) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AuditError.unreadableFile(path: url.path, why: "missing")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AuditError.unreadableFile(path: url.path, why: "not a JSON object")
        }
        return object
    }

    private static func namedAWSPrincipals(_ policy: PolicyDocument) -> [String] {
        policy.statements.flatMap { $0.principals ?? [] }.compactMap { if case .iam(let arn) = $0 { arn } else { nil } }
    }

    private static func accountOf(_ arn: String) -> String? {
        RequestPrincipal.iam(arn: arn).account
    }

    private static func mentions(_ policy: PolicyDocument, _ key: String) -> Bool {
        policy.statements.contains { $0.conditions.contains { $0.key == key } }
    }
}
