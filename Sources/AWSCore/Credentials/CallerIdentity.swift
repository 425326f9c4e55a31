import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Whose credentials these are (STS `GetCallerIdentity`, which needs no permission): `deploy` refuses to
/// apply with another account's credentials than the spec's before it changes anything.
public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String

    public static func fetch(environment: AWSEnvironment = AWSEnvironment(), httpClient: HTTPClient = .aws) async throws -> CallerIdentity {
        let client = try AWSClient.fromEnvironment(service: .sts, environment: environment, httpClient: httpClient)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/x-www-form-urlencoded; charset=utf-8")
        let response = try await client.send(
            AWSRequest(method: .POST, headers: headers, body: .buffer(ByteBuffer(string: "Action=GetCallerIdentity&Version=2011-06-15"))),
            operation: "GetCallerIdentity")
        let xml = try AWSXMLParser.parse(response.bodyBytes)
        guard let account = xml["GetCallerIdentityResult", "Account"]?.text, let arn = xml["GetCallerIdentityResult", "Arn"]?.text else {
            throw AWSServiceError(service: "sts", operation: "GetCallerIdentity", statusCode: Int(response.status.code),
                                  code: "InvalidResponse", message: "no Account in the response")
        }
        return CallerIdentity(account: account, arn: arn)
    }
}
