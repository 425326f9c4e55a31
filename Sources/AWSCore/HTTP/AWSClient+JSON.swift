import Foundation
import NIOCore
import NIOHTTP1

extension AWSClient {
    /// One call of the AWS JSON protocol: `POST /` with `x-amz-target: <targetPrefix>.<operation>` and
    /// `application/x-amz-json-<version>`. The request and response bodies are wiped after use,
    /// because they may carry key material (KMS `Plaintext`).
    public func callJSON<Output: Decodable>(targetPrefix: String, version: String, operation: String,
                                            input: some Encodable, output: Output.Type) async throws -> Output {
        var encoded = try JSONEncoder().encode(input)
        var body = ByteBuffer(bytes: encoded)
        encoded.resetBytes(in: 0..<encoded.count)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/x-amz-json-\(version)")
        headers.add(name: "x-amz-target", value: "\(targetPrefix).\(operation)")
        defer { body.wipe() }
        var response = try await send(AWSRequest(method: .POST, headers: headers, body: .buffer(body)), operation: operation)
        // Operations without output answer with an empty body or `{}`.
        var data = response.body.readableBytes == 0 ? Data("{}".utf8) : Data(response.body.readableBytesView)
        response.body.wipe()
        defer { data.resetBytes(in: 0..<data.count) }
        do {
            return try JSONDecoder().decode(Output.self, from: data)
        } catch {
            throw AWSServiceError(service: service.signingName, operation: operation, statusCode: Int(response.status.code),
                                  code: "InvalidResponse", message: "the response does not decode: \(error)",
                                  requestID: response.headers.first(name: "x-amzn-requestid"))
        }
    }
}

extension ByteBuffer {
    /// Overwrites the readable bytes with zeros (when this is the storage's only reference).
    mutating func wipe() {
        _ = withUnsafeMutableReadableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }
}

/// The answer of an operation that returns nothing the caller needs (`CreateAlias`, `DeleteMessage`).
public struct EmptyResponse: Decodable, Sendable {}
