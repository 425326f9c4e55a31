import NIOHTTP1

/// One query parameter, decoded (the signer encodes it).
public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The parts of an HTTP request that SigV4 covers. The signer adds `x-amz-date`,
/// `x-amz-security-token`, `x-amz-content-sha256` (S3) and `authorization` to `headers`.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path as sent on the wire: S3 keys already percent-encoded with `URIEncoding.encode(_:keepSlash:)`.
    public var path: String
    public var query: [QueryItem]
    /// Must include `host` (with the port when it is not the scheme's default).
    public var headers: HTTPHeaders

    public init(method: String, path: String, query: [QueryItem] = [], headers: HTTPHeaders) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// The query string as sent: items in the given order, each name and value percent-encoded.
    public var encodedQuery: String {
        query.map { "\(URIEncoding.encode($0.name))=\(URIEncoding.encode($0.value))" }.joined(separator: "&")
    }
}

/// What the request's payload contributes to the signature.
public enum PayloadHash: Sendable, Equatable {
    /// Lower-case hex SHA-256 of the body.
    case sha256Hex(String)
    /// `UNSIGNED-PAYLOAD`: S3 only, for bodies streamed before their hash is known.
    case unsigned

    /// The hash of an empty body.
    public static let empty = PayloadHash.sha256Hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    var value: String {
        switch self {
        case .sha256Hex(let hex): return hex
        case .unsigned: return "UNSIGNED-PAYLOAD"
        }
    }
}

/// The intermediate values of one signature, kept so that tests can compare each step.
public struct SigV4Signature: Sendable, Equatable {
    public var canonicalRequest: String
    public var stringToSign: String
    public var signedHeaders: String
    public var signature: String
    public var authorization: String
}
