import AsyncHTTPClient

/// Whose credentials these are (STS `GetCallerIdentity`, which needs no permission): `deploy` refuses to
/// apply with another account's credentials than the spec's before it changes anything.
public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String

    public static func fetch(environment: AWSEnvironment = AWSEnvironment(), httpClient: HTTPClient = .aws) async throws -> CallerIdentity {
        let client = try AWSClient.fromEnvironment(service: .sts, environment: environment, httpClient: httpClient)
        let xml = try await client.callQuery(action: "GetCallerIdentity", version: "2011-06-15")
        guard let account = xml["GetCallerIdentityResult", "Account"]?.text, let arn = xml["GetCallerIdentityResult", "Arn"]?.text else {
            throw AWSServiceError(service: "sts", operation: "GetCallerIdentity", statusCode: 200, code: "InvalidResponse", message: "no Account in the response")
        }
        return CallerIdentity(account: account, arn: arn)
    }
}
