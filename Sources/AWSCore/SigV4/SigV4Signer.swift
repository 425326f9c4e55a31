import Crypto
import Foundation
import NitroFormats
import NIOHTTP1

/// AWS Signature Version 4 (header and query forms), as botocore's `SigV4Auth`/`S3SigV4Auth` compute it.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// The signing name: `kms`, `s3`, `sqs`, `sts`.
    public var service: String

    /// Headers never signed: proxies and clients change them in transit.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id", "connection"]

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// S3 signs the path exactly as sent and carries the payload hash in `x-amz-content-sha256`.
    var isS3: Bool { service == "s3" }

    /// Adds `x-amz-date`, the session token, (S3) `x-amz-content-sha256` and `authorization` to `request`.
    @discardableResult
    public func sign(_ request: inout SigV4Request, payload: PayloadHash, date: Date) -> SigV4Signature {
        let time = AWSDate(date)
        request.headers.remove(name: "authorization")
        request.headers.replaceOrAdd(name: "x-amz-date", value: time.amzDate)
        if let token = credentials.sessionToken {
            request.headers.replaceOrAdd(name: "x-amz-security-token", value: token)
        }
        if isS3 {
            request.headers.replaceOrAdd(name: "x-amz-content-sha256", value: payload.value)
        }
        let signature = computeSignature(request, payload: payload.value, time: time)
        request.headers.add(name: "authorization", value: signature.authorization)
        return signature
    }

    /// A presigned URL (query form, `UNSIGNED-PAYLOAD`, only `host` signed), with the parameters in
    /// botocore's order: the operation's, then algorithm, credential, date, expiry, signed headers, token, signature.
    public func presign(method: String, scheme: String, host: String, path: String, query: [QueryItem] = [],
                        expires: Int, date: Date) -> (url: String, signature: SigV4Signature) {
        let time = AWSDate(date)
        var authQuery = [
            QueryItem("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            QueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(time))"),
            QueryItem("X-Amz-Date", time.amzDate),
            QueryItem("X-Amz-Expires", String(expires)),
            QueryItem("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken {
            authQuery.append(QueryItem("X-Amz-Security-Token", token))
        }
        var headers = HTTPHeaders()
        headers.add(name: "host", value: host)
        let request = SigV4Request(method: method, path: path, query: query + authQuery, headers: headers)
        let signature = computeSignature(request, payload: PayloadHash.unsigned.value, time: time)
        let url = "\(scheme)://\(host)\(path)?\(request.encodedQuery)&X-Amz-Signature=\(signature.signature)"
        return (url, signature)
    }

    func computeSignature(_ request: SigV4Request, payload: String, time: AWSDate) -> SigV4Signature {
        let (canonicalHeaders, signedHeaders) = canonicalHeaders(request.headers)
        let canonicalRequest = [
            request.method.uppercased(),
            canonicalURI(request.path),
            canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            payload,
        ].joined(separator: "\n")
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            time.amzDate,
            scope(time),
            Hex.encode(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(time.dateStamp)))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(time)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return SigV4Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign,
                              signedHeaders: signedHeaders, signature: signature, authorization: authorization)
    }

    func scope(_ time: AWSDate) -> String {
        "\(time.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// `HMAC("AWS4" + secret, date) → region → service → "aws4_request"`.
    func signingKey(_ dateStamp: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key))
        }
        return key
    }

    func canonicalURI(_ path: String) -> String {
        if isS3 { return path.isEmpty ? "/" : path }
        return URIEncoding.encode(Self.removeDotSegments(path.isEmpty ? "/" : path), keepSlash: true)
    }

    func canonicalQuery(_ query: [QueryItem]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
        let sorted = encoded.sorted { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner whitespace collapsed; repeated names joined by `,`.
    func canonicalHeaders(_ headers: HTTPHeaders) -> (canonical: String, signed: String) {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            guard !Self.unsignedHeaders.contains(lower) else { continue }
            let collapsed = value.split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            values[lower, default: []].append(collapsed)
        }
        let names = values.keys.sorted()
        let canonical = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    /// RFC 3986 §5.2.4, plus the removal of empty segments that AWS services (not S3) expect.
    static func removeDotSegments(_ path: String) -> String {
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                _ = output.popLast()
            } else {
                output.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return leading + output.joined(separator: "/") + trailing
    }
}
