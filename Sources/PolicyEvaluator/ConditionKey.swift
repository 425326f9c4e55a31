/// The request context keys this evaluator knows. Key names are case-insensitive, so each is kept
/// lower-cased; a key outside this set is refused rather than treated as absent.
public enum ConditionKey {
    public static let encryptionContextPrefix = "kms:encryptioncontext:"
    public static let encryptionContextKeys = "kms:encryptioncontextkeys"
    public static let imageSha384 = "kms:recipientattestation:imagesha384"
    public static let pcrPrefix = "kms:recipientattestation:pcr"
    public static let callerAccount = "kms:calleraccount"
    public static let viaService = "kms:viaservice"
    public static let grantIsForAWSResource = "kms:grantisforawsresource"
    public static let principalArn = "aws:principalarn"
    public static let principalAccount = "aws:principalaccount"
    public static let secureTransport = "aws:securetransport"
    public static let sourceArn = "aws:sourcearn"
    public static let sourceAccount = "aws:sourceaccount"

    static let fixed: Set<String> = [
        encryptionContextKeys, imageSha384, callerAccount, viaService, grantIsForAWSResource, principalArn,
        principalAccount, secureTransport, sourceArn, sourceAccount,
    ]

    /// Keys whose request value is a set: they need `ForAnyValue:` or `ForAllValues:`.
    static let multivalued: Set<String> = [encryptionContextKeys]

    /// The lower-cased key, or an error naming it when it is not modelled.
    static func normalize(_ key: String) throws -> String {
        let lower = key.lowercased()
        if fixed.contains(lower) { return lower }
        if lower.hasPrefix(encryptionContextPrefix), lower.count > encryptionContextPrefix.count { return lower }
        if lower.hasPrefix(pcrPrefix), let n = Int(lower.dropFirst(pcrPrefix.count)), (0...31).contains(n),
           String(n) == lower.dropFirst(pcrPrefix.count) {
            return lower
        }
        throw PolicyError(.unsupportedConditionKey(key))
    }

    /// `kms:EncryptionContext:<name>`, lower-cased like every key name.
    public static func encryptionContext(_ name: String) -> String { encryptionContextPrefix + name.lowercased() }

    /// `kms:RecipientAttestation:PCR<n>`.
    public static func pcr(_ index: Int) -> String { pcrPrefix + String(index) }
}
