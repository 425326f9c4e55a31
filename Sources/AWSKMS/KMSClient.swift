import AWSCore
import AsyncHTTPClient

/// AWS KMS over its JSON 1.1 protocol (`x-amz-target: TrentService.<Operation>`), with the Nitro
/// Enclaves `Recipient` parameter on Decrypt, GenerateDataKey and GenerateRandom.
public struct KMSClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) {
        precondition(client.service == .kms, "KMSClient needs an AWSClient for the kms service")
        self.client = client
    }

    /// Region, `AWS_ENDPOINT_URL_KMS`/`AWS_ENDPOINT_URL`, `AWS_MAX_ATTEMPTS` and the default credential chain
    /// from `environment`.
    public static func fromEnvironment(_ environment: AWSEnvironment = AWSEnvironment(), httpClient: HTTPClient = .aws) throws -> KMSClient {
        KMSClient(client: try AWSClient.fromEnvironment(service: .kms, environment: environment, httpClient: httpClient))
    }

    public func generateDataKey(_ request: GenerateDataKeyRequest) async throws -> GenerateDataKeyResponse {
        try await call("GenerateDataKey", request)
    }

    public func decrypt(_ request: DecryptRequest) async throws -> DecryptResponse {
        try await call("Decrypt", request)
    }

    public func encrypt(_ request: EncryptRequest) async throws -> EncryptResponse {
        try await call("Encrypt", request)
    }

    public func generateRandom(_ request: GenerateRandomRequest) async throws -> GenerateRandomResponse {
        try await call("GenerateRandom", request)
    }

    public func describeKey(_ request: DescribeKeyRequest) async throws -> DescribeKeyResponse {
        try await call("DescribeKey", request)
    }

    /// Creates a symmetric encryption key (development and tests; production keys come from Terraform).
    public func createKey(_ request: CreateKeyRequest = CreateKeyRequest()) async throws -> DescribeKeyResponse {
        try await call("CreateKey", request)
    }

    /// Points `aliasName` (`alias/...`) at `targetKeyID`.
    public func createAlias(aliasName: String, targetKeyID: String) async throws {
        _ = try await call("CreateAlias", ["AliasName": aliasName, "TargetKeyId": targetKeyID]) as EmptyResponse
    }

    /// The key's policy document (the one named `default`), as JSON text: `status` reads the PCR0 values it allows.
    public func getKeyPolicy(keyID: String) async throws -> String {
        struct Output: Decodable { let Policy: String }
        let output: Output = try await call("GetKeyPolicy", ["KeyId": keyID, "PolicyName": "default"])
        return output.Policy
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable) async throws -> Output {
        try await client.callJSON(targetPrefix: "TrentService", version: "1.1", operation: operation, input: input, output: Output.self)
    }
}
