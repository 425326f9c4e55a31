/// KMS's IAM actions (the AWS KMS API reference's operations; `ReEncrypt` is authorized as
/// `ReEncryptFrom` and `ReEncryptTo`). Wildcards in a policy are expanded against this list.
enum KMSActions {
    static let all = [
        "kms:CancelKeyDeletion", "kms:ConnectCustomKeyStore", "kms:CreateAlias", "kms:CreateCustomKeyStore",
        "kms:CreateGrant", "kms:CreateKey", "kms:Decrypt", "kms:DeleteAlias", "kms:DeleteCustomKeyStore",
        "kms:DeleteImportedKeyMaterial", "kms:DeriveSharedSecret", "kms:DescribeCustomKeyStores", "kms:DescribeKey",
        "kms:DisableKey", "kms:DisableKeyRotation", "kms:DisconnectCustomKeyStore", "kms:EnableKey",
        "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair",
        "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac",
        "kms:GenerateRandom", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:GetParametersForImport",
        "kms:GetPublicKey", "kms:ImportKeyMaterial", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
        "kms:ListKeyRotations", "kms:ListKeys", "kms:ListResourceTags", "kms:ListRetirableGrants", "kms:PutKeyPolicy",
        "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:ReplicateKey", "kms:RetireGrant", "kms:RevokeGrant",
        "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:Sign", "kms:SynchronizeMultiRegionKey",
        "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateCustomKeyStore",
        "kms:UpdateKeyDescription", "kms:UpdatePrimaryRegion", "kms:Verify", "kms:VerifyMac",
    ]

    /// Stand-ins for actions no list can name: a KMS action added later, and another service's action.
    /// Only wildcards such as `kms:*` or `*` reach them.
    static let unlistedKMSAction = "kms:NitroforgeAuditUnlistedAction"
    static let otherServiceAction = "nitroforgeaudit:UnlistedAction"

    /// Using a key rather than managing it; `CreateGrant` is here because a grant can hand out any of these.
    static let keyUse = [
        "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair",
        "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom",
        "kms:ReEncryptTo", "kms:GenerateMac", "kms:VerifyMac", "kms:Sign", "kms:Verify", "kms:DeriveSharedSecret",
        "kms:CreateGrant",
    ]

    static let generateDataKey = [
        "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
        "kms:GenerateDataKeyWithoutPlaintext",
    ]
    static let reEncrypt = ["kms:ReEncryptFrom", "kms:ReEncryptTo"]
    static let aliasChanges = ["kms:UpdateAlias", "kms:DeleteAlias"]
}
