/// The invariant checks over one key's evaluated classes. Each returns at most one violation per
/// invariant, naming the first request class that breaks it.
struct InvariantChecks {
    let subject: AuditSubject
    let key: KeyRole
    let evaluation: KeyEvaluation

    private var dimensions: [ConditionDimension] { evaluation.dimensions }

    private func violation(_ invariant: Invariant, _ allowed: KeyEvaluation.Allowed, _ why: String) -> InvariantViolation {
        InvariantViolation(
            invariant: invariant, key: key,
            detail: "\(allowed.principal.label) may \(allowed.action) (\(why)) when \(evaluation.describe(allowed.state)): \(allowed.decision)"
        )
    }

    /// The first class allowed for any of `actions` that `permitted` does not accept.
    private func check(_ invariant: Invariant, _ actions: [String], _ why: String, permitted: (KeyEvaluation.Allowed) -> Bool) -> InvariantViolation? {
        for action in actions {
            if let bad = evaluation.allowed(action).first(where: { !permitted($0) }) { return violation(invariant, bad, why) }
        }
        return nil
    }

    private func hasAllowedImage(_ state: RequestState, requirePCR8: Bool) -> Bool {
        guard let attestation = state.attestation(dimensions) else { return false }
        let pcr0 = subject.allowedPCR0.contains { $0.lowercased() == attestation.pcr0.lowercased() }
        guard requirePCR8, let allowed8 = subject.allowedPCR8 else { return pcr0 }
        return pcr0 && attestation.pcr8.map { p in allowed8.contains { $0.lowercased() == p.lowercased() } } == true
    }

    private func isResultContext(_ state: RequestState) -> Bool {
        state.value(dimensions, key: "kms:encryptioncontext:nitroforge:app") == subject.deploymentName
            && state.value(dimensions, key: "kms:encryptioncontext:nitroforge:purpose") == "result"
    }

    private var resultsEncryption: [String] { KMSActions.generateDataKey + ["kms:Encrypt"] + KMSActions.reEncrypt }

    func asWritten() -> [InvariantViolation] {
        var out: [InvariantViolation?] = []
        let consumerWithoutAttestation: (KeyEvaluation.Allowed) -> Bool = {
            !$0.principal.roles.contains(.consumer) || $0.state.attestation(dimensions) != nil
        }
        switch key {
        case .data:
            out.append(check(.dataKeyDecryptRequiresAllowedImage, ["kms:Decrypt"], "without an allowed image") {
                hasAllowedImage($0.state, requirePCR8: true)
            })
            out.append(check(.consumerWithoutAttestationCannotUseKeys, ["kms:Decrypt"], "without attestation", permitted: consumerWithoutAttestation))
            out.append(check(.noReEncryptUnderDataKey, KMSActions.reEncrypt, "re-encryption") { _ in false })
            out.append(check(.onlyProducersGenerateDataKeysForApp, KMSActions.generateDataKey + ["kms:Encrypt"], "only producers, for this app") {
                subject.producers.contains($0.principal.name)
                    && $0.state.value(dimensions, key: "kms:encryptioncontext:nitroforge:app") == subject.deploymentName
            })
            out.append(enclaveCan(["kms:Decrypt"], context: { _ in true }))
        case .results:
            out.append(check(.consumerWithoutAttestationCannotUseKeys, ["kms:Decrypt"] + resultsEncryption, "without attestation", permitted: consumerWithoutAttestation))
            out.append(check(.onlyResultReadersDecryptResultsWithContext, ["kms:Decrypt"], "only result readers, with the result context") {
                subject.resultReaders.contains($0.principal.name) && isResultContext($0.state)
            })
            out.append(enclaveCan(["kms:GenerateDataKey"], context: isResultContext))
        case .storage:
            break
        }
        out.append(check(.aliasesCannotChange, KMSActions.aliasChanges, "alias change") { _ in false })
        out.append(check(.administratorsNeverUseKeys, KMSActions.keyUse, "key use by an administrator") {
            !$0.principal.roles.contains(.administrator)
        })
        out.append(check(.accountRootHasNoKMSStar, KMSActions.keyUse + [KMSActions.unlistedKMSAction], "through the account root") {
            $0.principal.roles.isDisjoint(with: [.accountRoot, .otherInAccount])
        })
        return out.compactMap { $0 }
    }

    /// The consumer with each allowed PCR0 (and PCR8) must still be allowed in some class with `context`.
    private func enclaveCan(_ actions: [String], context: (RequestState) -> Bool) -> InvariantViolation? {
        for action in actions {
            let allowed = evaluation.allowed(action).filter { $0.principal.roles.contains(.consumer) && context($0.state) }
            for pcr0 in subject.allowedPCR0 {
                let works = allowed.contains { a in
                    hasAllowedImage(a.state, requirePCR8: true) && a.state.attestation(dimensions)?.pcr0.lowercased() == pcr0.lowercased()
                }
                if !works {
                    return InvariantViolation(
                        invariant: .enclaveUsesKeysWithAllowedImage, key: key,
                        detail: "the consumer \(subject.consumer) cannot \(action) with the allowed PCR0 \(pcr0)"
                    )
                }
            }
        }
        return nil
    }

    func allowsAlone() -> [InvariantViolation] {
        let needsImage: (KeyEvaluation.Allowed) -> Bool = { hasAllowedImage($0.state, requirePCR8: false) }
        switch key {
        case .data: return [check(.allowsRequireAttestation, ["kms:Decrypt"], "by an Allow without an allowed PCR0", permitted: needsImage)].compactMap { $0 }
        case .results: return [check(.allowsRequireAttestation, resultsEncryption, "by an Allow without an allowed PCR0", permitted: needsImage)].compactMap { $0 }
        case .storage: return []
        }
    }

    func withKMSStarForEveryone() -> [InvariantViolation] {
        let needsImage: (KeyEvaluation.Allowed) -> Bool = { hasAllowedImage($0.state, requirePCR8: true) }
        var out: [InvariantViolation?] = []
        switch key {
        case .data:
            out.append(check(.dataKeyDecryptDeniedExplicitly, ["kms:Decrypt"], "without an allowed image, no explicit Deny", permitted: needsImage))
            out.append(check(.dataKeyReEncryptDeniedExplicitly, KMSActions.reEncrypt, "no explicit Deny") { _ in false })
        case .results:
            out.append(check(.resultsKeyEncryptionDeniedExplicitly, KMSActions.generateDataKey + ["kms:Encrypt", "kms:ReEncryptTo"], "without an allowed image, no explicit Deny", permitted: needsImage))
        case .storage:
            break
        }
        out.append(check(.aliasChangesDeniedExplicitly, KMSActions.aliasChanges, "no explicit Deny") { _ in false })
        return out.compactMap { $0 }
    }
}
