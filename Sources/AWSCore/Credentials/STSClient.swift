import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The two STS calls the credential chain needs (query protocol, XML answers).
struct STSClient: Sendable {
    let client: AWSClient

    /// STS in the environment's region (or `us-east-1`), at `AWS_ENDPOINT_URL_STS`/`AWS_ENDPOINT_URL` when set.
    init(environment: AWSEnvironment, region: String?, credentials: (any CredentialProvider)?, httpClient: HTTPClient) throws {
        let region = region ?? (try? environment.region()) ?? "us-east-1"
        client = AWSClient(service: .sts, region: region, endpoint: try environment.customEndpoint(for: .sts),
                           credentials: credentials, httpClient: httpClient)
    }

    func assumeRole(roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?) async throws -> AWSCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try await call("AssumeRole", parameters)
    }

    func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, token: String) async throws -> AWSCredentials {
        try await call("AssumeRoleWithWebIdentity", [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token)])
    }

    private func call(_ operation: String, _ parameters: [(String, String)]) async throws -> AWSCredentials {
        let xml = try await client.callQuery(action: operation, version: "2011-06-15", parameters)
        guard let credentials = xml["\(operation)Result", "Credentials"],
              let accessKeyID = credentials.child("AccessKeyId")?.text,
              let secret = credentials.child("SecretAccessKey")?.text else {
            throw AWSServiceError(service: "sts", operation: operation, statusCode: 200, code: "InvalidResponse", message: "no Credentials in the response")
        }
        return AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: credentials.child("SessionToken")?.text,
                              expiration: credentials.child("Expiration").flatMap { parseISO8601($0.text) })
    }
}
