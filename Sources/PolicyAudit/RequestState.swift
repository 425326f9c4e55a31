import PolicyEvaluator

/// One point of the condition space: a value chosen on every dimension.
struct RequestState: Sendable, Hashable {
    let choices: [Int]

    func value(_ dimensions: [ConditionDimension], key: String) -> String? {
        guard let index = dimensions.firstIndex(where: { $0.kind == .key(key) }) else { return nil }
        if case .value(let value) = dimensions[index].values[choices[index]] { return value }
        return nil
    }

    func attestation(_ dimensions: [ConditionDimension]) -> (pcr0: String, pcr8: String?)? {
        guard let index = dimensions.firstIndex(where: { $0.kind == .attestation }) else { return nil }
        if case .attestation(let pcr0, let pcr8) = dimensions[index].values[choices[index]] { return (pcr0, pcr8) }
        return nil
    }

    /// Every combination of the dimensions' values, in mixed-radix order.
    static func all(_ dimensions: [ConditionDimension]) -> [RequestState] {
        var states = [RequestState(choices: [])]
        for dimension in dimensions {
            states = states.flatMap { state in dimension.values.indices.map { RequestState(choices: state.choices + [$0]) } }
        }
        return states
    }

    /// The request's encryption context, attestation and other condition keys at this point of the space.
    func parts(_ dimensions: [ConditionDimension]) -> (context: [String: String], attestation: RecipientAttestation?, others: [(String, String?)]) {
        var context: [String: String] = [:]
        var attestation: RecipientAttestation? = nil
        var others: [(String, String?)] = []
        for (dimension, choice) in zip(dimensions, choices) {
            let value = dimension.values[choice]
            switch (dimension.kind, value) {
            case (.attestation, .attestation(let pcr0, let pcr8)):
                attestation = RecipientAttestation(pcr0: pcr0, pcr8: pcr8)
            case (.key(let key), .value(let v)) where key.hasPrefix(ConditionKey.encryptionContextPrefix):
                context[String(key.dropFirst(ConditionKey.encryptionContextPrefix.count))] = v
            case (.key(let key), .value(let v)):
                others.append((key, v))
            case (.key(let key), _):
                others.append((key, nil))
            default:
                break
            }
        }
        return (context, attestation, others)
    }

    func request(principal: RequestPrincipal, action: String, account: String, dimensions: [ConditionDimension]) -> RequestContext {
        let (context, attestation, others) = parts(dimensions)
        var request = RequestContext(
            principal: principal, action: action, resource: "arn:aws:kms:us-east-1:\(account):key/nitroforge-audit",
            resourceAccount: account, encryptionContext: context, attestation: attestation
        )
        for (key, value) in others { request.set(key, value.map { [$0] }) }
        return request
    }
}
