import Hummingbird

extension Request {
    /// `Authorization: Bearer <value>`, else `X-API-Key: <value>`; 401 when neither is there or the
    /// Authorization header uses another scheme.
    func credential() throws(APIError) -> Credential {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
                throw APIError(.unauthorized, "the Authorization header must be \"Bearer <token or API key>\"")
            }
            return .bearer(String(parts[1]).trimmingCharacters(in: .whitespaces))
        }
        if let key = headers[.apiKey], !key.isEmpty { return .apiKey(key) }
        throw APIError(.unauthorized, "no credentials: send Authorization: Bearer <token or API key>, or X-API-Key")
    }
}

extension HTTPFields.Element.Name {
    static let apiKey = Self("X-API-Key")!
    static let idempotencyKey = Self("Idempotency-Key")!
}
