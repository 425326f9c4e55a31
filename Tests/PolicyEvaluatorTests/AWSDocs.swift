/// The AWS documentation pages each expectation is taken from.
enum AWSDocs {
    static let explicitAndImplicitDeny = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html"
    static let principal = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
    static let action = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
    static let notAction = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"
    static let notResource = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html"
    static let condition = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"
    static let conditionOperators = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
    static let multipleKeysOrValues = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html"
    static let singleVsMultivalued = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
    static let kmsDefaultKeyPolicy = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html"
    static let kmsExternalAccounts = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html"
    static let kmsConditionKeys = "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html"
    static let kmsNitroEnclaves = "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-nitro-enclave.html"
}
