/// The three key policies of ARCHITECTURE.md ("Keys and their policies"). No statement names the account
/// root, so IAM policies can never widen them; administrators manage but never use the keys; every use of
/// the data and results keys outside an allowed enclave image is denied explicitly, for every principal.
public struct KeyPolicies: Sendable {
    let names: ResourceNames
    var deployment: Deployment { names.deployment }

    public init(_ names: ResourceNames) {
        self.names = names
    }

    /// Key management without key use: no `Decrypt`, `Encrypt`, `GenerateDataKey*`, `ReEncrypt*`, and no
    /// `CreateGrant` (a grant could hand out any of those).
    public static let administratorActions = [
        "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation",
        "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListGrants",
        "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
        "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
        "kms:UpdateKeyDescription",
    ]

    private static let thisKey: [PolicyValue] = [.literal("*")]

    private var administration: PolicyStatement {
        PolicyStatement(
            sid: "KeyAdministratorsManageOnly", effect: .allow,
            principal: .aws(deployment.kms.administratorArns.map(PolicyValue.literal)),
            actions: Self.administratorActions, resources: Self.thisKey
        )
    }

    /// Explicit denies shared by the data and results keys.
    private var lockedAliasesAndReEncryption: [PolicyStatement] {
        [
            PolicyStatement(
                sid: "DenyReEncryptForEveryone", effect: .deny, principal: .everyone,
                actions: ["kms:ReEncrypt*"], resources: Self.thisKey
            ),
            PolicyStatement(
                sid: "DenyAliasChangesForEveryone", effect: .deny, principal: .everyone,
                actions: ["kms:UpdateAlias", "kms:DeleteAlias"], resources: Self.thisKey
            ),
        ]
    }

    /// Denies `actions` to everyone whose request does not carry an allowed attestation: one statement for
    /// PCR0 and, when the image is signed, a separate one for PCR8 (conditions in one statement are ANDed).
    private func denyWithoutAttestation(_ sidPrefix: String, actions: [String]) -> [PolicyStatement] {
        var statements = [PolicyStatement(
            sid: "\(sidPrefix)OutsideAllowedImages", effect: .deny, principal: .everyone, actions: actions,
            resources: Self.thisKey,
            conditions: [PolicyCondition(.stringNotEqualsIgnoreCase, .recipientImageSha384, names.allowedImageMeasurements)]
        )]
        if let signing = names.allowedSigningMeasurement {
            statements.append(PolicyStatement(
                sid: "\(sidPrefix)OutsideSigningCertificate", effect: .deny, principal: .everyone, actions: actions,
                resources: Self.thisKey,
                conditions: [PolicyCondition(.stringNotEqualsIgnoreCase, .recipientPCR8, signing)]
            ))
        }
        return statements
    }

    private var appContext: PolicyCondition {
        PolicyCondition(.stringEquals, .encryptionContextApp, deployment.name)
    }

    /// Data key: producers (and the model publisher) encrypt for the app; only an allowed enclave image decrypts.
    public var dataKey: PolicyDocument {
        var producers = [names.roleArn("producer")]
        if let publisher = deployment.kms.modelPublisherArn { producers.append(.literal(publisher)) }
        return PolicyDocument([
            administration,
            PolicyStatement(
                sid: "ProducersGenerateDataKeysForThisApp", effect: .allow, principal: .aws(producers),
                actions: ["kms:GenerateDataKey"], resources: Self.thisKey, conditions: [appContext]
            ),
            PolicyStatement(
                sid: "EnclaveDecryptsWithAttestation", effect: .allow, principal: .aws([names.roleArn("consumer")]),
                actions: ["kms:Decrypt"], resources: Self.thisKey,
                conditions: [PolicyCondition(.stringEqualsIgnoreCase, .recipientImageSha384, names.allowedImageMeasurements)]
            ),
            PolicyStatement(
                sid: "EnclaveResolvesKeyAlias", effect: .allow, principal: .aws([names.roleArn("consumer")]),
                actions: ["kms:DescribeKey"], resources: Self.thisKey
            ),
        ] + denyWithoutAttestation("DenyDecrypt", actions: ["kms:Decrypt"]) + lockedAliasesAndReEncryption)
    }

    /// Results key: only an attested enclave encrypts results; only the result readers decrypt them, and
    /// only with the result context. `GenerateDataKey` and `GenerateDataKeyPair` are denied without an
    /// allowed attestation; `Encrypt`, the `WithoutPlaintext` variants and `ReEncrypt*` cannot carry one
    /// (KMS takes `Recipient` only on the former), so they are denied outright: the host, which holds the
    /// same role, cannot forge a result.
    public var resultsKey: PolicyDocument {
        let resultContext = [appContext, PolicyCondition(.stringEquals, .encryptionContextPurpose, "result")]
        var statements = [
            administration,
            PolicyStatement(
                sid: "EnclaveEncryptsResultsWithAttestation", effect: .allow, principal: .aws([names.roleArn("consumer")]),
                actions: ["kms:GenerateDataKey"], resources: Self.thisKey,
                conditions: [PolicyCondition(.stringEqualsIgnoreCase, .recipientImageSha384, names.allowedImageMeasurements)]
                    + resultContext
            ),
            PolicyStatement(
                sid: "EnclaveResolvesKeyAlias", effect: .allow, principal: .aws([names.roleArn("consumer")]),
                actions: ["kms:DescribeKey"], resources: Self.thisKey
            ),
        ]
        if !deployment.kms.resultReaderArns.isEmpty {
            statements.append(PolicyStatement(
                sid: "ResultReadersDecryptResults", effect: .allow,
                principal: .aws(deployment.kms.resultReaderArns.map(PolicyValue.literal)),
                actions: ["kms:Decrypt"], resources: Self.thisKey, conditions: resultContext
            ))
        }
        return PolicyDocument(
            statements
                + denyWithoutAttestation("DenyResultKeys", actions: ["kms:GenerateDataKey", "kms:GenerateDataKeyPair"])
                + [PolicyStatement(
                    sid: "DenyEncryptionThatCannotCarryAttestation", effect: .deny, principal: .everyone,
                    actions: ["kms:Encrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPairWithoutPlaintext"],
                    resources: Self.thisKey
                )]
                + lockedAliasesAndReEncryption
        )
    }

    /// The log groups the storage key encrypts: the deployment's, and the WAF's, whose name AWS fixes.
    private var logGroupPatterns: [PolicyValue] {
        let region = names.region
        var patterns = [PolicyValue(
            terraform: .template("arn:aws:logs:${local.region}:${local.account_id}:log-group:/nitroforge/${local.name}/*"),
            review: "arn:aws:logs:\(region):\(names.account):log-group:/nitroforge/\(deployment.name)/*"
        )]
        if deployment.producer.placement == .ec2, deployment.producer.ingress?.wafRateLimit != nil {
            patterns.append(PolicyValue(
                terraform: .template("arn:aws:logs:${local.region}:${local.account_id}:log-group:aws-waf-logs-${local.name}"),
                review: "arn:aws:logs:\(region):\(names.account):log-group:aws-waf-logs-\(deployment.name)"
            ))
        }
        return patterns
    }

    /// Storage key: at-rest encryption of the buckets, queues, logs, trail and alarm topic, used only
    /// through those services.
    public var storageKey: PolicyDocument {
        let region = names.region
        let account = names.accountValue
        let roles = [names.roleArn("producer"), names.roleArn("consumer")]
        return PolicyDocument([
            administration,
            PolicyStatement(
                sid: "RolesUseThroughS3AndSQSOnly", effect: .allow, principal: .aws(roles),
                actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: Self.thisKey,
                conditions: [.viaS3AndSQS(region: region)]
            ),
            PolicyStatement(
                sid: "CloudWatchLogsEncryptsLogGroups", effect: .allow, principal: .service(["logs.\(region).amazonaws.com"]),
                actions: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], resources: Self.thisKey,
                conditions: [PolicyCondition(.stringLike, .logsArn, logGroupPatterns)]
            ),
            PolicyStatement(
                sid: "ServicesDescribeKey", effect: .allow,
                principal: .service(["logs.\(region).amazonaws.com", "cloudtrail.amazonaws.com"]),
                actions: ["kms:DescribeKey"], resources: Self.thisKey
            ),
            PolicyStatement(
                sid: "CloudTrailEncryptsTrail", effect: .allow, principal: .service(["cloudtrail.amazonaws.com"]),
                actions: ["kms:GenerateDataKey*"], resources: Self.thisKey,
                conditions: [
                    PolicyCondition(.stringEquals, .sourceArn, [names.trailArn]),
                    PolicyCondition(.stringLike, .cloudTrailArn, [PolicyValue(
                        terraform: .template("arn:aws:cloudtrail:*:${local.account_id}:trail/*"),
                        review: "arn:aws:cloudtrail:*:\(names.account):trail/*"
                    )]),
                ]
            ),
            PolicyStatement(
                sid: "CloudWatchAlarmsPublishToEncryptedTopic", effect: .allow, principal: .service(["cloudwatch.amazonaws.com"]),
                actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: Self.thisKey,
                conditions: [PolicyCondition(.stringEquals, .sourceAccount, [account])]
            ),
            PolicyStatement(
                sid: "DenyAliasChangesForEveryone", effect: .deny, principal: .everyone,
                actions: ["kms:UpdateAlias", "kms:DeleteAlias"], resources: Self.thisKey
            ),
        ])
    }
}
