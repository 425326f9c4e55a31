import Foundation

/// The enclave: host instance type, resources, image, processor and what its key policy trusts.
public struct EnclaveSpec: Sendable, Hashable, Codable {
    public var instanceType: String
    public var vcpus: Int
    public var memoryMiB: Int
    public var debug: Bool
    public var image: EnclaveImage
    public var processor: Processor
    public var jobTimeoutSeconds: Int
    public var model: ModelArtifact?
    /// `enclave.measurements` as written in the spec.
    public var measurementsPath: String
    /// `measurementsPath` resolved against the spec file's folder.
    public var measurementsURL: URL
    /// Extra PCR0 values (lower-case hex) accepted besides the measured one.
    public var extraAllowedPCR0: [String]
    /// `enclave.signingCertificate` as written, nil when the image is unsigned.
    public var signingCertificatePath: String?
    /// `signingCertificatePath` resolved against the spec file's folder.
    public var signingCertificateURL: URL?

    public init(
        instanceType: String,
        vcpus: Int,
        memoryMiB: Int,
        debug: Bool,
        image: EnclaveImage,
        processor: Processor,
        jobTimeoutSeconds: Int,
        model: ModelArtifact? = nil,
        measurementsPath: String,
        measurementsURL: URL,
        extraAllowedPCR0: [String],
        signingCertificatePath: String? = nil,
        signingCertificateURL: URL? = nil
    ) {
        self.instanceType = instanceType
        self.vcpus = vcpus
        self.memoryMiB = memoryMiB
        self.debug = debug
        self.image = image
        self.processor = processor
        self.jobTimeoutSeconds = jobTimeoutSeconds
        self.model = model
        self.measurementsPath = measurementsPath
        self.measurementsURL = measurementsURL
        self.extraAllowedPCR0 = extraAllowedPCR0
        self.signingCertificatePath = signingCertificatePath
        self.signingCertificateURL = signingCertificateURL
    }
}

/// Where the enclave's processor image comes from. Paths are as written, relative to the spec file.
public enum EnclaveImage: Sendable, Hashable, Codable {
    case dockerfile(path: String, context: String)
    case oci(reference: String)
}

/// How the enclave agent hands plaintext to the user's code.
public enum Processor: Sendable, Hashable, Codable {
    /// POST each job to a loopback server inside the enclave.
    case http(HTTPProcessor)
    /// Run this program per job: plaintext on stdin, result on stdout.
    case exec(argv: [String])
}

/// `enclave.processor.http`: where the server listens and how it is started. The enclave agent is the image's
/// only entrypoint (it replaces the processor image's own), so the server runs only if `command` names it.
public struct HTTPProcessor: Sendable, Hashable, Codable {
    /// Loopback URL each job is POSTed to.
    public var url: String
    /// The server's argv inside the enclave (absolute program path first), started and restarted by the agent;
    /// nil when something else starts it.
    public var command: [String]?
    /// The server's argv for `nitroforge dev up` on the developer's machine, as written in the spec. Development
    /// only: nothing generated carries it.
    public var devCommand: [String]?
    /// `devCommand` with a relative program path (one containing `/`) resolved against the spec's folder; a bare
    /// program name is left for a `PATH` lookup.
    public var resolvedDevCommand: [String]?

    public init(url: String, command: [String]? = nil, devCommand: [String]? = nil, resolvedDevCommand: [String]? = nil) {
        self.url = url
        self.command = command
        self.devCommand = devCommand
        self.resolvedDevCommand = resolvedDevCommand ?? devCommand
    }
}

/// A model in S3, encrypted (ESDK) under the data key for the enclave.
public struct ModelArtifact: Sendable, Hashable, Codable {
    public var bucket: String
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }
}
