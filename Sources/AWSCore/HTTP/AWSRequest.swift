import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One call to an AWS service before signing: the path is relative to the endpoint's base path and
/// already percent-encoded; the signer adds the date, token and authorization headers.
public struct AWSRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var query: [QueryItem]
    public var headers: HTTPHeaders
    public var body: AWSRequestBody
    /// Prepended to the endpoint's host: `bucket.` for S3 virtual-hosted addressing.
    public var hostPrefix: String

    public init(method: HTTPMethod, path: String = "/", query: [QueryItem] = [], headers: HTTPHeaders = [:], body: AWSRequestBody = .empty,
                hostPrefix: String = "") {
        self.method = method
        self.hostPrefix = hostPrefix
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// A request body: small ones are buffered (hashed, and resent on retry); streamed ones are sent once.
public enum AWSRequestBody: Sendable {
    case empty
    case buffer(ByteBuffer)
    /// A buffered body held as several buffers (an S3 part cut from a stream without copying); like `.buffer`.
    case buffers([ByteBuffer])
    /// A body (of known length: S3 needs it) read as it is sent; `payload` is its hash when known, or `.unsigned`.
    case stream(HTTPClientRequest.Body, payload: PayloadHash)

    var isReplayable: Bool {
        if case .stream = self { return false }
        return true
    }
}

/// A response whose body was read into memory (JSON and XML answers).
public struct AWSResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer

    public var bodyBytes: [UInt8] { Array(body.readableBytesView) }
}

/// A response whose body is still arriving: an `AsyncSequence` of `ByteBuffer` with back-pressure.
public struct AWSStreamingResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: HTTPClientResponse.Body
}
