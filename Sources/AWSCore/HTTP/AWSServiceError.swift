import Foundation

/// A failed AWS call: which service and operation, what the server answered, and its request id,
/// so that an operator can find the call in CloudTrail or in AWS support.
public struct AWSServiceError: Error, Sendable, CustomStringConvertible {
    public var service: String
    public var operation: String
    /// The HTTP status, or nil when no response arrived (network error).
    public var statusCode: Int?
    /// AWS's error code (`NotFoundException`, `NoSuchKey`, `ThrottlingException`, `AccessDenied`, ...)
    /// or, for failures before a response, a local code such as `NetworkError`.
    public var code: String
    public var message: String
    public var requestID: String?
    /// How many times the call was sent (the standard retry mode's attempts), as the SDKs report it.
    public var attempts: Int

    public init(service: String, operation: String, statusCode: Int?, code: String, message: String, requestID: String? = nil,
                attempts: Int = 1) {
        self.service = service
        self.operation = operation
        self.statusCode = statusCode
        self.code = code
        self.message = message
        self.requestID = requestID
        self.attempts = attempts
    }

    public var description: String {
        var text = "\(service) \(operation) failed"
        if let statusCode { text += " with HTTP \(statusCode)" }
        text += ": \(code)"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " (request id \(requestID))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }

    /// Reads the error from a response body: JSON (`__type`, `message`) or XML (`<Error><Code>`).
    static func parse(service: String, operation: String, status: Int, headers: [(String, String)], body: [UInt8]) -> AWSServiceError {
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        var code: String?
        var message = ""
        var requestID = header("x-amzn-requestid") ?? header("x-amz-request-id")
        if let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            code = (json["__type"] as? String ?? json["code"] as? String).map { type in
                // `__type` may be `namespace#Code` or `Code:http://...`.
                String(type.split(separator: "#").last ?? Substring(type)).components(separatedBy: ":")[0]
            }
            message = json["message"] as? String ?? json["Message"] as? String ?? ""
        } else if let xml = try? AWSXMLParser.parse(body) {
            let error = xml.name == "Error" ? xml : (xml["Error"] ?? xml["Errors", "Error"])
            code = error?.child("Code")?.text
            message = error?.child("Message")?.text ?? ""
            requestID = requestID ?? xml.child("RequestId")?.text ?? xml.child("RequestID")?.text ?? error?.child("RequestId")?.text
        }
        // The SQS JSON protocol also states the query-protocol code: `AWS.SimpleQueueService.NonExistentQueue;Sender`.
        if let queryError = header("x-amzn-query-error"), let queryCode = queryError.split(separator: ";").first, code == nil {
            code = String(queryCode)
        }
        return AWSServiceError(service: service, operation: operation, statusCode: status,
                               code: code ?? bodilessCodes[status] ?? "HTTP\(status)", message: message, requestID: requestID)
    }

    /// Codes for answers without a body (S3 HeadObject), named as the S3 SDKs name them.
    static let bodilessCodes = [304: "NotModified", 400: "BadRequest", 403: "Forbidden", 404: "NotFound", 412: "PreconditionFailed"]
}
