import AWSCore
import AWSKMS
import AsyncHTTPClient
import Attestation
import Logging

/// What every job shares for the life of the agent: the image's configuration, the NSM, the per-boot
/// recipient key pair, the processor, and how KMS is reached.
public struct EnclaveContext: Sendable {
    public let configuration: EnclaveConfiguration
    public let nsm: NSMClient
    /// Made once per boot; its public key goes into every attestation document as KMS's `Recipient`.
    public let keyPair: RecipientKeyPair
    public let processor: any Processor
    /// `https://kms.<region>.amazonaws.com` in an enclave (resolved to the in-enclave forwarder); the
    /// development KMS's URL in development.
    public let kmsEndpoint: AWSEndpoint
    /// Trusts only the image's CA bundle.
    public let httpClient: HTTPClient
    public let logger: Logger
    /// The model the host sent, when the configuration requires one.
    public let models: ModelStore
    let keys = EnclaveKeyCache()

    public init(configuration: EnclaveConfiguration, nsm: NSMClient, keyPair: RecipientKeyPair, processor: any Processor,
                kmsEndpoint: AWSEndpoint, httpClient: HTTPClient, logger: Logger, models: ModelStore = .privateTemporary()) {
        self.models = models
        self.configuration = configuration
        self.nsm = nsm
        self.keyPair = keyPair
        self.processor = processor
        self.kmsEndpoint = kmsEndpoint
        self.httpClient = httpClient
        self.logger = logger
    }

    /// A KMS client signing with the credentials the host lent for one job. One attempt per call beyond
    /// the standard retries: a job that cannot reach KMS fails and the queue retries it.
    func kms(signingWith credentials: AWSCredentials) -> KMSClient {
        KMSClient(client: AWSClient(service: .kms, region: configuration.region, endpoint: kmsEndpoint,
                                    credentials: StaticCredentialProvider(credentials), httpClient: httpClient))
    }
}
