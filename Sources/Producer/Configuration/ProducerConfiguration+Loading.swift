import Foundation
import NitroForgeSpec
import NitroFormats

extension ProducerConfiguration {
    /// Reads and checks `path`; `AWS_REGION` in `environment` replaces the file's region.
    /// - Throws: `SpecLoadError` with every problem, each as `FILE:LINE:COLUMN: what; allowed`.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(SpecLoadError) -> ProducerConfiguration {
        let (text, url) = try DescribedYAML.read(
            path: path, what: "configuration", allowed: "a readable UTF-8 YAML file, such as the generated host/producer.yaml")
        return try load(yaml: text, file: path, folder: url.deletingLastPathComponent(), environment: environment)
    }

    /// Checks configuration text; `file` names it in messages, `folder` resolves relative TLS file paths.
    public static func load(yaml: String, file: String, folder: URL,
                            environment: [String: String] = [:]) throws(SpecLoadError) -> ProducerConfiguration {
        let tree = try DescribedYAML.load(yaml: yaml, file: file, shape: ProducerConfigurationDescription.root)
        var configuration = decode(tree, folder: folder)
        if let region = environment["AWS_REGION"], !region.isEmpty { configuration.region = region }
        return configuration
    }

    /// Builds the typed values from a tree the checker accepted (every required value present and valid).
    static func decode(_ tree: JSONValue, folder: URL) -> ProducerConfiguration {
        let listen = tree["listen"]
        let tls: TLS
        switch listen?["tls"] {
        case .string("none"): tls = .none
        case .string: tls = .selfSigned
        default:
            tls = .files(certificateFile: resolve(listen?["tls"]?["certificateFile"]?.stringValue ?? "", against: folder),
                         privateKeyFile: resolve(listen?["tls"]?["privateKeyFile"]?.stringValue ?? "", against: folder))
        }
        let auth: Auth
        if let oidc = tree["auth"]?["oidc"] {
            auth = .oidc(OIDC(issuer: oidc["issuer"]?.stringValue ?? "", audience: oidc["audience"]?.stringValue ?? "",
                              jwksURL: oidc["jwksUrl"]?.stringValue, requiredScope: oidc["requiredScope"]?.stringValue))
        } else {
            auth = .apiKeys((tree["auth"]?["apiKeys"]?.arrayValue ?? []).map {
                APIKey(name: $0["name"]?.stringValue ?? "", sha256: $0["sha256"]?.stringValue ?? "")
            })
        }
        let encryption = tree["encryption"]
        let storage = tree["storage"]
        let limits = tree["limits"]
        return ProducerConfiguration(
            app: tree["app"]?.stringValue ?? "",
            region: tree["region"]?.stringValue ?? "",
            listen: Listen(host: listen?["host"]?.stringValue ?? "0.0.0.0", port: listen?["port"]?.intValue ?? 0, tls: tls),
            maxPayloadBytes: tree["maxPayloadBytes"]?.intValue ?? 0,
            auth: auth,
            encryption: Encryption(
                dataKey: encryption?["dataKey"]?.stringValue ?? "",
                algorithm: encryption?["algorithm"]?.stringValue.flatMap(Algorithm.init(rawValue:)) ?? .commitKey,
                frameBytes: encryption?["frameBytes"]?.intValue ?? 1_048_576),
            storage: Storage(bucket: storage?["bucket"]?.stringValue ?? "", jobsPrefix: storage?["jobsPrefix"]?.stringValue ?? "jobs/",
                             storageKeyArn: storage?["storageKeyArn"]?.stringValue ?? ""),
            queue: Queue(url: tree["queue"]?["url"]?.stringValue ?? ""),
            limits: Limits(
                requestsPerMinutePerPrincipal: limits?["requestsPerMinutePerPrincipal"]?.intValue ?? Limits.defaultRequestsPerMinutePerPrincipal,
                maxConcurrentRequests: limits?["maxConcurrentRequests"]?.intValue ?? Limits.defaultMaxConcurrentRequests,
                requestTimeoutSeconds: limits?["requestTimeoutSeconds"]?.intValue ?? Limits.defaultRequestTimeoutSeconds),
            logs: tree["logs"]?["logGroup"]?.stringValue.map(Logs.init(logGroup:)))
    }

    /// A path from the file: absolute as written, otherwise relative to the file's folder.
    static func resolve(_ path: String, against folder: URL) -> String {
        path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardizedFileURL.path
    }
}
