/// A KMS key ARN, `arn:<partition>:kms:<region>:<account>:key/<id>` (or `alias/<name>`), split into the
/// parts the discovery filter checks.
public struct KMSKeyARN: Hashable, Sendable {
    public let partition: String
    public let region: String
    public let account: String
    /// `key/<id>` or `alias/<name>`.
    public let resource: String

    public init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "kms", !parts[3].isEmpty,
              !parts[4].isEmpty, parts[5].hasPrefix("key/") || parts[5].hasPrefix("alias/"),
              parts[5].split(separator: "/", maxSplits: 1).count == 2
        else { return nil }
        partition = parts[1]
        region = parts[3]
        account = parts[4]
        resource = parts[5]
    }
}

/// On decrypt, accept only KMS keys in these accounts of this partition (`framework/aws-kms/aws-kms-discovery-keyring.md`).
public struct KMSDiscoveryFilter: Hashable, Sendable {
    public let partition: String
    public let accounts: Set<String>

    public init(partition: String, accounts: Set<String>) {
        self.partition = partition
        self.accounts = accounts
    }

    func accepts(_ arn: KMSKeyARN) -> Bool {
        arn.partition == partition && accounts.contains(arn.account)
    }
}
