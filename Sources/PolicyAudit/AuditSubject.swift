/// What the deployment says, independently of the policies under audit: who each principal is and which
/// measurements are allowed. The invariants are checked against this, so a policy cannot vouch for itself.
public struct AuditSubject: Sendable, Codable, Hashable {
    /// The spec's `name`: the value `nitroforge:app` must carry.
    public var deploymentName: String
    /// The account that owns the keys.
    public var account: String
    public var producer: String
    public var consumer: String
    public var modelPublisher: String?
    public var resultReaders: [String]
    public var administrators: [String]
    /// Allowed PCR0 values (`kms:RecipientAttestation:ImageSha384`), or the `<enclave-pcr0>` placeholder.
    public var allowedPCR0: [String]
    /// Allowed PCR8 values when the image is signed; `nil` when it is not.
    public var allowedPCR8: [String]?

    public init(
        deploymentName: String, account: String, producer: String, consumer: String, modelPublisher: String? = nil,
        resultReaders: [String], administrators: [String], allowedPCR0: [String], allowedPCR8: [String]? = nil
    ) {
        self.deploymentName = deploymentName
        self.account = account
        self.producer = producer
        self.consumer = consumer
        self.modelPublisher = modelPublisher
        self.resultReaders = resultReaders
        self.administrators = administrators
        self.allowedPCR0 = allowedPCR0
        self.allowedPCR8 = allowedPCR8
    }

    /// Principals allowed to generate data keys for jobs.
    var producers: [String] { [producer] + (modelPublisher.map { [$0] } ?? []) }
}
