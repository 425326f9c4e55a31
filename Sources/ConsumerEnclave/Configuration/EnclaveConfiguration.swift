import Foundation

/// `/etc/nitroforge/enclave.json`, written by `nitroforge generate` and baked into the image, so it is
/// measured into PCR0 with everything else the enclave trusts. Nothing the host sends can change it.
public struct EnclaveConfiguration: Sendable, Decodable {
    public struct KMS: Sendable, Decodable {
        /// KMS's host name; its TLS certificate must verify against `caBundle`.
        public var host: String
        public var port: Int
        public var dataKeyAlias: String
        public var resultsKeyAlias: String
        public var caBundle: String
        /// The parent's vsock-proxy, which forwards to `host:port` and nowhere else.
        public var parentProxyCid: UInt32
        public var parentProxyPort: UInt32
    }

    public struct Ports: Sendable, Decodable {
        public var jobsPort: UInt32
        public var logsPort: UInt32
    }

    public struct Limits: Sendable, Decodable {
        /// Largest plaintext of one job.
        public var maxPayloadBytes: Int
        public var maxEncryptedDataKeys: Int
        public var jobTimeoutSeconds: Int
        /// Largest result a processor may return (default 256 MiB).
        public var maxResultBytes: Int?
    }

    /// Present when the spec names a model: the host sends it encrypted at start, and no job runs before it
    /// has arrived and verified.
    public struct Model: Sendable, Decodable {
        public var required: Bool
        /// Largest model plaintext accepted (default 8 GiB); it is written to the enclave's memory-backed disk.
        public var maxBytes: Int?

        public static let defaultMaxBytes = 8 << 30
    }

    public var app: String
    public var region: String
    /// The account the keys must be in; nil when the spec names none (then only the region is checked).
    public var accountId: String?
    public var debug: Bool
    public var kms: KMS
    public var vsock: Ports
    public var limits: Limits
    public var processor: ProcessorConfiguration
    public var model: Model?

    /// Jobs wait for a model: each is refused as `unavailable` until one has arrived.
    public var requiresModel: Bool { model?.required ?? false }
    public var maxModelBytes: Int { model?.maxBytes ?? Model.defaultMaxBytes }

    public var maxResultBytes: Int { limits.maxResultBytes ?? 256 << 20 }

    /// Reads and checks the file; errors name the member at fault.
    public static func load(path: String) throws(EnclaveConfigurationError) -> EnclaveConfiguration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws(EnclaveConfigurationError) -> EnclaveConfiguration {
        let configuration: EnclaveConfiguration
        do {
            configuration = try JSONDecoder().decode(EnclaveConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw .invalid(path: path, field: error.fieldPath, reason: error.reason)
        } catch {
            throw .invalid(path: path, field: "", reason: "\(error)")
        }
        try configuration.check(path: path)
        return configuration
    }

    func check(path: String) throws(EnclaveConfigurationError) {
        func require(_ condition: Bool, _ field: String, _ reason: String) throws(EnclaveConfigurationError) {
            if !condition { throw .invalid(path: path, field: field, reason: reason) }
        }
        try require(!app.isEmpty, "app", "is empty")
        try require(accountId.map { $0.count == 12 && $0.allSatisfy(\.isNumber) } ?? true, "accountId", "must be 12 digits")
        try require(kms.dataKeyAlias.hasPrefix("alias/") || kms.dataKeyAlias.hasPrefix("arn:"), "kms.dataKeyAlias", "must be alias/NAME or a key ARN")
        try require(kms.resultsKeyAlias.hasPrefix("alias/") || kms.resultsKeyAlias.hasPrefix("arn:"), "kms.resultsKeyAlias", "must be alias/NAME or a key ARN")
        try require(limits.maxPayloadBytes > 0, "limits.maxPayloadBytes", "must be positive")
        try require((1...10).contains(limits.maxEncryptedDataKeys), "limits.maxEncryptedDataKeys", "must be 1 to 10")
        try require(limits.jobTimeoutSeconds > 0, "limits.jobTimeoutSeconds", "must be positive")
        try require(maxResultBytes > 0, "limits.maxResultBytes", "must be positive")
        try require(maxModelBytes > 0, "model.maxBytes", "must be positive")
        switch processor {
        case .http(let http):
            try require(["127.0.0.1", "localhost", "::1"].contains(http.url.host ?? ""), "processor.url",
                        "must be on loopback: the processor runs inside the enclave")
            try require(http.command.map { !$0.isEmpty } ?? true, "processor.command", "is empty")
        case .exec(let argv):
            try require(!argv.isEmpty && argv[0].hasPrefix("/"), "processor.argv", "must start with an absolute program path")
        }
    }
}

/// How the enclave hands plaintext to the workload.
public enum ProcessorConfiguration: Sendable, Decodable {
    public struct HTTP: Sendable {
        /// Where each job is POSTed (loopback inside the enclave).
        public var url: URL
        /// The server's argv, started and supervised by the agent; nil when something else starts it.
        public var command: [String]?
        /// Unprivileged user the processor runs as (default `nitroforge`).
        public var user: String?
    }

    case http(HTTP)
    /// argv of a program run per job, plaintext on stdin, result on stdout.
    case exec([String])

    private enum Keys: String, CodingKey { case type, url, argv, command, user }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "http":
            let text = try container.decode(String.self, forKey: .url)
            guard let url = URL(string: text), url.scheme == "http" else {
                throw DecodingError.dataCorruptedError(forKey: .url, in: container, debugDescription: "\"\(text)\" is not an http:// URL")
            }
            self = .http(HTTP(url: url, command: try container.decodeIfPresent([String].self, forKey: .command),
                              user: try container.decodeIfPresent(String.self, forKey: .user)))
        case "exec":
            self = .exec(try container.decode([String].self, forKey: .argv))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "\"\(other)\" is neither http nor exec")
        }
    }

    /// The user every processor runs as when the agent is root.
    public static let defaultUser = "nitroforge"
}

public enum EnclaveConfigurationError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .invalid(let path, let field, let reason): return field.isEmpty ? "\(path): \(reason)" : "\(path): \(field): \(reason)"
        }
    }
}

extension DecodingError {
    /// `kms.dataKeyAlias`, `processor.argv[0]`, ...
    var fieldPath: String {
        let path: [any CodingKey]
        switch self {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    var reason: String {
        switch self {
        case .keyNotFound: return "is missing"
        case .typeMismatch(let type, _): return "must be \(type)"
        case .valueNotFound(let type, _): return "must be \(type), not null"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "\(self)"
        }
    }
}
