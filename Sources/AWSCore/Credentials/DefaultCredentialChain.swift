import AsyncHTTPClient
import Foundation

/// The AWS SDKs' default order: environment, shared profile (with roles), web identity, container
/// endpoint, EC2 instance metadata. The first source that is configured wins; its credentials are
/// cached and refreshed five minutes before they expire, one refresh at a time.
public struct DefaultCredentialChain: CredentialProvider {
    let cache: CachedCredentialProvider

    public init(environment: AWSEnvironment = AWSEnvironment(), httpClient: HTTPClient = .aws) {
        cache = CachedCredentialProvider(CredentialChain(providers: [
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(environment: environment, httpClient: httpClient),
            WebIdentityCredentialProvider(environment: environment, httpClient: httpClient),
            ContainerCredentialProvider(environment: environment, httpClient: httpClient),
            IMDSCredentialProvider(environment: environment, httpClient: httpClient),
        ]))
    }

    public func credentials() async throws -> AWSCredentials {
        try await cache.credentials()
    }
}

/// Tries providers in order: one that is not configured is skipped (and so is instance metadata that
/// does not answer, as on any machine outside EC2); any other failure stops the chain.
public struct CredentialChain: CredentialProvider {
    let providers: [any CredentialProvider]

    public init(providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public func credentials() async throws -> AWSCredentials {
        var skipped: [String] = []
        for provider in providers {
            do {
                return try await provider.credentials()
            } catch let error as CredentialProviderError where error.kind == .notConfigured || (provider is IMDSCredentialProvider && error.kind == .unavailable) {
                skipped.append(error.description)
            }
        }
        throw CredentialProviderError(provider: "the default chain", kind: .notConfigured,
                                      reason: "no source is configured (\(skipped.joined(separator: "; ")))")
    }
}
