import AWSKMS
import Envelope

/// The two keys the enclave works with, as ARNs. `enclave.json` names them by alias, and aliases are per
/// account; the credentials come from the (untrusted) host, so an alias could resolve in the host's own
/// account. Each resolved ARN must therefore be in the account and region the image names.
public struct EnclaveKeys: Sendable, Equatable {
    public let dataKeyARN: String
    public let resultsKeyARN: String

    public init(dataKeyARN: String, resultsKeyARN: String) {
        self.dataKeyARN = dataKeyARN
        self.resultsKeyARN = resultsKeyARN
    }

    /// Resolves both aliases with `DescribeKey` and checks where they live.
    public static func resolve(with kms: KMSClient, configuration: EnclaveConfiguration) async throws -> EnclaveKeys {
        func resolve(_ alias: String, field: String) async throws -> String {
            let arn = try await kms.describeKey(DescribeKeyRequest(keyID: alias)).keyMetadata.arn
            guard let parsed = KMSKeyARN(arn), parsed.resource.hasPrefix("key/") else {
                throw EnclaveKeyError(field: field, alias: alias, arn: arn, reason: "KMS answered with something that is not a key ARN")
            }
            guard parsed.account == configuration.accountId ?? parsed.account, parsed.region == configuration.region else {
                throw EnclaveKeyError(field: field, alias: alias, arn: arn,
                                      reason: "the key is not in account \(configuration.accountId ?? "(any)"), region \(configuration.region)")
            }
            return arn
        }
        return EnclaveKeys(dataKeyARN: try await resolve(configuration.kms.dataKeyAlias, field: "kms.dataKeyAlias"),
                           resultsKeyARN: try await resolve(configuration.kms.resultsKeyAlias, field: "kms.resultsKeyAlias"))
    }
}

/// A key alias resolved somewhere the image does not allow.
public struct EnclaveKeyError: Error, Sendable, CustomStringConvertible {
    public let field: String
    public let alias: String
    public let arn: String
    public let reason: String

    public var description: String { "\(field) \(alias) resolved to \(arn): \(reason)" }
}

/// Resolves the keys once, with the first job's credentials (the enclave has none of its own), and keeps
/// the answer for the life of the process. Jobs that arrive together share one resolution; a failed one is
/// forgotten, so the next job tries again.
actor EnclaveKeyCache {
    private var resolution: Task<EnclaveKeys, any Error>?

    func keys(resolvingWith kms: KMSClient, configuration: EnclaveConfiguration) async throws -> EnclaveKeys {
        let task = resolution ?? Task { try await EnclaveKeys.resolve(with: kms, configuration: configuration) }
        resolution = task
        do {
            return try await task.value
        } catch {
            if resolution == task { resolution = nil }
            throw error
        }
    }
}
