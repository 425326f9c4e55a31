import Crypto
import Foundation
import NitroFormats
import NIOHTTP1

/// Checks a request's SigV4 `Authorization` header the way an AWS service does, for stand-ins that must
/// refuse what AWS refuses (the development KMS). It recomputes the signature over exactly the headers the
/// client listed as signed, with the secret of the access key the credential names.
public struct SigV4Verifier: Sendable {
    /// What a verified request was signed with.
    public struct Verified: Sendable, Equatable {
        public var accessKeyID: String
        public var region: String
        public var service: String
    }

    /// How far the request's `x-amz-date` may be from the clock, as AWS allows.
    public static let allowedSkew: TimeInterval = 15 * 60

    /// The secret of an access key id, or nil for a key the service does not know.
    public let secret: @Sendable (String) -> String?

    public init(secret: @escaping @Sendable (String) -> String?) {
        self.secret = secret
    }

    /// - Parameters:
    ///   - headers: every header received, `host` included.
    ///   - body: the request body, whose SHA-256 the signature covers.
    public func verify(method: String, path: String, query: [QueryItem] = [], headers: HTTPHeaders, body: [UInt8],
                       now: Date = Date()) throws(SigV4VerificationError) -> Verified {
        guard let authorization = headers.first(name: "authorization") else {
            throw SigV4VerificationError(code: "MissingAuthenticationTokenException", message: "the request has no Authorization header")
        }
        let parts = try Self.parse(authorization)
        let scope = parts.credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            throw SigV4VerificationError(code: "IncompleteSignatureException", message: "Credential \(parts.credential) is not KEY/DATE/REGION/SERVICE/aws4_request")
        }
        guard let secretAccessKey = secret(scope[0]) else {
            throw SigV4VerificationError(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        }
        guard let amzDate = headers.first(name: "x-amz-date"), let date = Self.date(amzDate), amzDate.hasPrefix(scope[1]) else {
            throw SigV4VerificationError(code: "IncompleteSignatureException", message: "x-amz-date is missing, malformed or not on the credential's date")
        }
        guard abs(date.timeIntervalSince(now)) <= Self.allowedSkew else {
            throw SigV4VerificationError(code: "InvalidSignatureException", message: "Signature expired: \(amzDate) is more than 15 minutes from the server's time")
        }
        var signed = HTTPHeaders()
        for name in parts.signedHeaders {
            let values = headers[name]
            guard !values.isEmpty else {
                throw SigV4VerificationError(code: "IncompleteSignatureException", message: "signed header \(name) is not in the request")
            }
            for value in values { signed.add(name: name, value: value) }
        }
        guard parts.signedHeaders.contains("host") else {
            throw SigV4VerificationError(code: "IncompleteSignatureException", message: "the host header must be signed")
        }
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: scope[0], secretAccessKey: secretAccessKey),
                                 region: scope[2], service: scope[3])
        let payload = Hex.encode(SHA256.hash(data: body))
        let expected = signer.computeSignature(SigV4Request(method: method, path: path, query: query, headers: signed),
                                               payload: payload, time: AWSDate(date))
        guard expected.signedHeaders == parts.signedHeaders.joined(separator: ";"),
              Self.constantTimeEqual(Array(expected.signature.utf8), Array(parts.signature.utf8))
        else {
            throw SigV4VerificationError(code: "InvalidSignatureException", message: "The request signature we calculated does not match the signature you provided.")
        }
        return Verified(accessKeyID: scope[0], region: scope[2], service: scope[3])
    }

    private static func parse(_ authorization: String) throws(SigV4VerificationError) -> (credential: String, signedHeaders: [String], signature: String) {
        let prefix = "AWS4-HMAC-SHA256 "
        guard authorization.hasPrefix(prefix) else {
            throw SigV4VerificationError(code: "IncompleteSignatureException", message: "Authorization is not AWS4-HMAC-SHA256")
        }
        var fields: [String: String] = [:]
        for item in authorization.dropFirst(prefix.count).split(separator: ",") {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"], let signature = fields["Signature"] else {
            throw SigV4VerificationError(code: "IncompleteSignatureException", message: "Authorization lacks Credential, SignedHeaders or Signature")
        }
        return (credential, signedHeaders.split(separator: ";").map { $0.lowercased() }, signature)
    }

    /// `20150830T123600Z` as a date, or nil.
    static func date(_ text: String) -> Date? {
        let characters = Array(text.utf8)
        guard characters.count == 16, characters[8] == UInt8(ascii: "T"), characters[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            Int(String(decoding: characters[range], as: UTF8.self)).flatMap { $0 >= 0 ? $0 : nil }
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = RFC3339.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Why a signature was refused, with the error code the AWS service answers with.
public struct SigV4VerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public var description: String { "\(code): \(message)" }
}
