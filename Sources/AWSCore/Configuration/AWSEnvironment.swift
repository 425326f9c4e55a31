import Foundation

/// The settings the AWS SDKs read from the environment and the shared files, read from an explicit
/// dictionary (so tests pass their own instead of changing the process's).
public struct AWSEnvironment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    public subscript(_ name: String) -> String? {
        variables[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `AWS_PROFILE`, else `default`.
    public var profileName: String { self["AWS_PROFILE"] ?? "default" }

    var home: String { self["HOME"] ?? NSHomeDirectory() }

    /// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`.
    public func profileFiles() throws -> ProfileFiles {
        try ProfileFiles(
            configPath: self["AWS_CONFIG_FILE"].map(expandHome) ?? "\(home)/.aws/config",
            credentialsPath: self["AWS_SHARED_CREDENTIALS_FILE"].map(expandHome) ?? "\(home)/.aws/credentials")
    }

    func expandHome(_ path: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    /// `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    public func region() throws -> String {
        if let region = self["AWS_REGION"] ?? self["AWS_DEFAULT_REGION"] { return region }
        if let region = try profileFiles().profiles[profileName]?["region"], !region.isEmpty { return region }
        throw AWSConfigurationError(setting: "region", value: "", reason: "is not set: set AWS_REGION or a profile's region")
    }

    /// A custom endpoint for `service`: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the
    /// profile's `endpoint_url`; none when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true.
    public func customEndpoint(for service: AWSService) throws -> AWSEndpoint? {
        if self["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return nil }
        if let url = self["AWS_ENDPOINT_URL_\(service.environmentSuffix)"] ?? self["AWS_ENDPOINT_URL"] {
            return try AWSEndpoint(url: url)
        }
        if let url = try profileFiles().profiles[profileName]?["endpoint_url"], !url.isEmpty {
            return try AWSEndpoint(url: url)
        }
        return nil
    }
}
