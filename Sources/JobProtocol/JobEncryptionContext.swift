/// The encryption context of every message the pipeline writes (ARCHITECTURE.md, data path step 2): stored in
/// the message and sent to KMS, so key policies can condition on it and a reader can check what it opened.
/// Defined once here, because the producer writes it, the enclave checks it and result readers require it.
public enum JobEncryptionContext {
    public static let app = "nitroforge:app"
    public static let purpose = "nitroforge:purpose"
    public static let job = "nitroforge:job"
    public static let bucket = "nitroforge:bucket"
    public static let key = "nitroforge:key"
    public static let tenant = "nitroforge:tenant"

    /// The `nitroforge:purpose` values.
    public enum Purpose: String, Sendable {
        case input
        case result
        case model
    }

    /// A job's input, as the producer encrypts it into `bucket`/`key`.
    public static func input(app: String, jobID: JobID, bucket: String, key: String, tenant: String?) -> [String: String] {
        var context = [Self.app: app, purpose: Purpose.input.rawValue, job: jobID.text, Self.bucket: bucket, Self.key: key]
        if let tenant { context[Self.tenant] = tenant }
        return context
    }

    /// The model the enclave's processor uses, as the model publisher encrypts it: bound to the app only,
    /// since one model serves every job.
    public static func model(app: String) -> [String: String] {
        [Self.app: app, purpose: Purpose.model.rawValue]
    }

    /// A job's result, as the enclave encrypts it.
    public static func result(app: String, jobID: JobID, tenant: String?) -> [String: String] {
        var context = [Self.app: app, purpose: Purpose.result.rawValue, job: jobID.text]
        if let tenant { context[Self.tenant] = tenant }
        return context
    }
}
