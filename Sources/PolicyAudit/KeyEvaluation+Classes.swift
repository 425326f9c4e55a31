import PolicyEvaluator

/// One class of requests, as a representative request's parts, with the audit's decision for it.
public struct RequestClass: Sendable {
    public let principal: RequestPrincipal
    /// The class's representative action.
    public let action: String
    public let encryptionContext: [String: String]
    /// Nil: the request carries no `Recipient`.
    public let attestation: RecipientAttestation?
    /// Condition keys other than the encryption context and attestation (nil value: absent).
    public let otherKeys: [(String, String?)]
    public let decision: PolicyDecision
}

extension KeyEvaluation {
    /// One key policy evaluated over every class, as `audit` does for the policy as written.
    public init(policy: PolicyDocument, subject: AuditSubject, key: KeyRole) {
        self.init(policy: policy, subject: subject, attestationAxis: key != .storage)
    }

    /// Every class with the audit's decision, so that another implementation of the same rules (the
    /// development KMS) can be compared with it class by class.
    public var requestClasses: [RequestClass] {
        var out: [RequestClass] = []
        out.reserveCapacity(classCount)
        for p in principals.indices {
            for a in actions.indices {
                for s in states.indices {
                    let (context, attestation, others) = states[s].parts(dimensions)
                    out.append(RequestClass(principal: principals[p].principal, action: actions[a].representative, encryptionContext: context,
                                            attestation: attestation, otherKeys: others, decision: decision(principal: p, action: a, state: s)))
                }
            }
        }
        return out
    }
}
