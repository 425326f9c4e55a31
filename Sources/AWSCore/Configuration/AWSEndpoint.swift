/// Where a service is reached: scheme, host, port and an optional base path (from a custom endpoint URL).
public struct AWSEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    public var basePath: String

    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `http(s)://host[:port][/base]`, as `AWS_ENDPOINT_URL*` holds it.
    public init(url: String) throws {
        guard let schemeEnd = url.range(of: "://") else { throw AWSConfigurationError(setting: "endpoint URL", value: url, reason: "has no scheme (http:// or https://)") }
        scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw AWSConfigurationError(setting: "endpoint URL", value: url, reason: "scheme must be http or https") }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = rest.dropFirst(authority.count).prefix { $0 != "?" }
        basePath = path.hasSuffix("/") ? String(path.dropLast()) : String(path)
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[...close])
            port = authority[authority.index(after: close)...].dropFirst().isEmpty ? nil : Int(authority[authority.index(after: close)...].dropFirst())
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let value = Int(authority[authority.index(after: colon)...]) else {
                throw AWSConfigurationError(setting: "endpoint URL", value: url, reason: "port is not a number")
            }
            port = value
        } else {
            host = String(authority)
            port = nil
        }
        guard !host.isEmpty else { throw AWSConfigurationError(setting: "endpoint URL", value: url, reason: "has no host") }
    }

    /// The AWS endpoint of `service` in `region`.
    public static func standard(_ service: AWSService, region: String) -> AWSEndpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(scheme: "https", host: "\(service.endpointPrefix).\(region).\(suffix)")
    }

    /// `host` or `host:port` when the port is not the scheme's default: the `Host` header that is signed.
    public var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader)\(basePath)" }
}

/// A setting (environment variable, profile key, argument) whose value cannot be used.
public struct AWSConfigurationError: Error, Sendable, CustomStringConvertible {
    public var setting: String
    public var value: String
    public var reason: String

    public init(setting: String, value: String, reason: String) {
        self.setting = setting
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(setting) \"\(value)\" \(reason)" }
}
