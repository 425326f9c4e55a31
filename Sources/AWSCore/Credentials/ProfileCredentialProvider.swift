import AsyncHTTPClient
import Foundation

/// A profile of the shared files: static keys (`aws_access_key_id`), or a role (`role_arn`) assumed through
/// STS with credentials from `source_profile` (itself possibly a role), `credential_source`, or
/// `web_identity_token_file`.
public struct ProfileCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    let profileName: String
    let httpClient: HTTPClient

    public init(environment: AWSEnvironment, profileName: String? = nil, httpClient: HTTPClient = .aws) {
        self.environment = environment
        self.profileName = profileName ?? environment.profileName
        self.httpClient = httpClient
    }

    public func credentials() async throws -> AWSCredentials {
        let files = try environment.profileFiles()
        guard files.profiles[profileName] != nil else {
            throw CredentialProviderError(provider: "profile \(profileName)", kind: .notConfigured, reason: "no such profile in the shared files")
        }
        return try await resolve(profileName, files: files, visited: [])
    }

    private func resolve(_ name: String, files: ProfileFiles, visited: [String]) async throws -> AWSCredentials {
        let provider = "profile \(name)"
        guard let profile = files.profiles[name] else {
            throw CredentialProviderError(provider: provider, kind: .invalid, reason: "profile \(visited.last ?? name) names source_profile \(name), which does not exist")
        }
        guard let roleARN = profile["role_arn"] else {
            return try staticCredentials(profile, provider: provider)
        }
        if visited.contains(name) {
            throw CredentialProviderError(provider: provider, kind: .invalid, reason: "source_profile cycle: \((visited + [name]).joined(separator: " → "))")
        }
        let sessionName = profile["role_session_name"] ?? "nitroforge-\(Int(Date().timeIntervalSince1970))"
        let region = profile["region"] ?? files.profiles[environment.profileName]?["region"]
        if let tokenFile = profile["web_identity_token_file"] {
            let sts = try STSClient(environment: environment, region: region, credentials: nil, httpClient: httpClient)
            return try await sts.assumeRoleWithWebIdentity(roleARN: roleARN, sessionName: sessionName, token: try readToken(tokenFile, provider: provider))
        }
        let source: AWSCredentials
        if let sourceProfile = profile["source_profile"] {
            source = sourceProfile == name
                ? try staticCredentials(profile, provider: provider)
                : try await resolve(sourceProfile, files: files, visited: visited + [name])
        } else if let credentialSource = profile["credential_source"] {
            source = try await credentialSourceProvider(credentialSource, provider: provider).credentials()
        } else {
            throw CredentialProviderError(provider: provider, kind: .invalid, reason: "role_arn needs source_profile, credential_source or web_identity_token_file")
        }
        let sts = try STSClient(environment: environment, region: region, credentials: StaticCredentialProvider(source), httpClient: httpClient)
        return try await sts.assumeRole(roleARN: roleARN, sessionName: sessionName, externalID: profile["external_id"],
                                        durationSeconds: profile["duration_seconds"].flatMap(Int.init))
    }

    private func staticCredentials(_ profile: [String: String], provider: String) throws -> AWSCredentials {
        guard let accessKeyID = profile["aws_access_key_id"] else {
            throw CredentialProviderError(provider: provider, kind: .notConfigured, reason: "no aws_access_key_id or role_arn")
        }
        guard let secret = profile["aws_secret_access_key"] else {
            throw CredentialProviderError(provider: provider, kind: .invalid, reason: "aws_access_key_id without aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
    }

    private func credentialSourceProvider(_ source: String, provider: String) throws -> any CredentialProvider {
        switch source {
        case "Environment": return EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata": return IMDSCredentialProvider(environment: environment, httpClient: httpClient)
        case "EcsContainer": return ContainerCredentialProvider(environment: environment, httpClient: httpClient)
        default:
            throw CredentialProviderError(provider: provider, kind: .invalid,
                                          reason: "credential_source \(source) is not Environment, Ec2InstanceMetadata or EcsContainer")
        }
    }

    private func readToken(_ path: String, provider: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: environment.expandHome(path)) else {
            throw CredentialProviderError(provider: provider, kind: .unavailable, reason: "cannot read web identity token file \(path)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
