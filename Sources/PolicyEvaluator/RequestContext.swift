/// The request a policy is evaluated against: principal, action, resource and the context keys, stored
/// under lower-cased names because key names are case-insensitive.
public struct RequestContext: Sendable, Hashable {
    public var principal: RequestPrincipal
    public var action: String
    public var resource: String
    /// The account that owns the resource. A principal of another account is allowed only if its own
    /// account's IAM policies also allow, so such allows come back as delegated.
    public var resourceAccount: String?
    private var keys: [String: [String]]

    /// - Parameters:
    ///   - encryptionContext: sets `kms:EncryptionContext:<k>` for each pair and `kms:EncryptionContextKeys`.
    ///   - attestation: the `Recipient` document's measurements; `nil` when the request has no `Recipient`.
    ///   - secureTransport: `aws:SecureTransport`; KMS is reached over TLS only.
    public init(
        principal: RequestPrincipal, action: String, resource: String = "*", resourceAccount: String? = nil,
        encryptionContext: [String: String] = [:], attestation: RecipientAttestation? = nil,
        viaService: String? = nil, secureTransport: Bool? = true, sourceArn: String? = nil,
        sourceAccount: String? = nil, grantIsForAWSResource: Bool? = nil
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        keys = [:]
        if let arn = principal.arn { keys[ConditionKey.principalArn] = [arn] }
        if let account = principal.account {
            keys[ConditionKey.principalAccount] = [account]
            keys[ConditionKey.callerAccount] = [account]
        }
        for (name, value) in encryptionContext { keys[ConditionKey.encryptionContext(name)] = [value] }
        if !encryptionContext.isEmpty { keys[ConditionKey.encryptionContextKeys] = encryptionContext.keys.sorted() }
        if let attestation {
            keys[ConditionKey.imageSha384] = [attestation.imageSha384]
            for (index, value) in attestation.pcrs { keys[ConditionKey.pcr(index)] = [value] }
        }
        if let viaService { keys[ConditionKey.viaService] = [viaService] }
        if let secureTransport { keys[ConditionKey.secureTransport] = [String(secureTransport)] }
        if let sourceArn { keys[ConditionKey.sourceArn] = [sourceArn] }
        if let sourceAccount { keys[ConditionKey.sourceAccount] = [sourceAccount] }
        if let grantIsForAWSResource { keys[ConditionKey.grantIsForAWSResource] = [String(grantIsForAWSResource)] }
    }

    /// The values of a key (any case), or `nil` when the request does not carry it.
    public func values(for key: String) -> [String]? { keys[key.lowercased()] }

    /// Sets or removes (`nil`) a key directly, for keys the initializer does not cover.
    public mutating func set(_ key: String, _ values: [String]?) { keys[key.lowercased()] = values }
}

/// The measurements KMS takes from a verified `Recipient` attestation document.
public struct RecipientAttestation: Sendable, Hashable {
    /// `kms:RecipientAttestation:ImageSha384`, which is PCR0.
    public var imageSha384: String
    /// `kms:RecipientAttestation:PCR<n>`.
    public var pcrs: [Int: String]

    /// PCR0 also becomes `ImageSha384`; PCR8 is set only when given (the signing certificate's measurement).
    public init(pcr0: String, pcr8: String? = nil, otherPCRs: [Int: String] = [:]) {
        imageSha384 = pcr0
        var pcrs = otherPCRs
        pcrs[0] = pcr0
        if let pcr8 { pcrs[8] = pcr8 }
        self.pcrs = pcrs
    }
}
