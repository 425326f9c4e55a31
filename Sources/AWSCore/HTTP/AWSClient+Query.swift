import NIOCore
import NIOHTTP1

extension AWSClient {
    /// One call of the AWS query protocol (STS, Auto Scaling, CloudWatch): a form-encoded `POST /` with
    /// `Action` and `Version`; the XML answer's root element is returned.
    public func callQuery(action: String, version: String, _ parameters: [(String, String)] = []) async throws -> XMLNode {
        let pairs = [("Action", action), ("Version", version)] + parameters
        let form = pairs.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/x-www-form-urlencoded; charset=utf-8")
        let response = try await send(AWSRequest(method: .POST, headers: headers, body: .buffer(ByteBuffer(string: form))), operation: action)
        return try AWSXMLParser.parse(response.bodyBytes)
    }
}
