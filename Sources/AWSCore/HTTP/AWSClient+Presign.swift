import Foundation
import NIOHTTP1

extension AWSClient {
    /// A presigned URL for `path` (percent-encoded, relative to the endpoint), valid `expires` seconds from `date`.
    public func presignedURL(method: HTTPMethod, path: String, query: [QueryItem] = [], hostPrefix: String = "",
                             expires: Int, date: Date? = nil) async throws -> String {
        guard let credentialProvider else {
            throw AWSConfigurationError(setting: "credentials", value: "", reason: "are needed to presign a URL")
        }
        let signer = SigV4Signer(credentials: try await credentialProvider.credentials(), region: region, service: service.signingName)
        return signer.presign(method: method.rawValue, scheme: endpoint.scheme, host: hostPrefix + endpoint.hostHeader,
                              path: endpoint.basePath + path, query: query, expires: expires, date: date ?? clock()).url
    }
}
