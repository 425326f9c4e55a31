import Foundation
import Hummingbird
import NIOCore
import NitroFormats

/// Every refusal the API answers with: a status and `{"error": {"code", "message"}}`. The message names what
/// was wrong (the header, the limit, the dependency) and never repeats a credential or a byte of the body.
public struct APIError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case badRequest = "bad_request"
        case unauthorized
        case forbidden
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case conflict
        case lengthRequired = "length_required"
        case payloadTooLarge = "payload_too_large"
        case tooManyRequests = "too_many_requests"
        case requestTimeout = "request_timeout"
        case serviceUnavailable = "service_unavailable"
        case internalError = "internal_error"

        public var status: HTTPResponse.Status {
            switch self {
            case .badRequest: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .conflict: .conflict
            case .lengthRequired: .lengthRequired
            case .payloadTooLarge: .contentTooLarge
            case .tooManyRequests: .tooManyRequests
            case .requestTimeout: .requestTimeout
            case .serviceUnavailable: .serviceUnavailable
            case .internalError: .internalServerError
            }
        }
    }

    public var code: Code
    public var message: String
    /// Seconds, for 429 and 503: when a retry may succeed.
    public var retryAfter: Int?
    /// For 405: the methods the path has.
    public var allow: String?

    public init(_ code: Code, _ message: String, retryAfter: Int? = nil, allow: String? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.allow = allow
    }

    public var status: HTTPResponse.Status { code.status }
    public var description: String { "\(status.code) \(code.rawValue): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body = "{\"error\":{\"code\":\(JSONStringLiteral.quote(code.rawValue)),\"message\":\(JSONStringLiteral.quote(message))}}\n"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
