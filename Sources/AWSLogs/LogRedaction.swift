import Logging

/// Which metadata keys hold secrets: their values are written as `"[redacted]"`, at any depth.
///
/// The rule is by key name, because the handler cannot know what a value is: a key matches when, lower-cased
/// and without `-` and `_`, it equals one of `names` or ends with one of `suffixes` (so `token`, `idToken`,
/// `X-Api-Key`, `api_key`, `dataKey` and `plaintext` all match). Messages are never redacted: code must not
/// put secrets in them.
public struct LogRedaction: Sendable {
    public static let replacement = "[redacted]"

    public var names: Set<String>
    public var suffixes: [String]

    public init(names: Set<String>, suffixes: [String]) {
        self.names = Set(names.map(Self.normalize))
        self.suffixes = suffixes.map(Self.normalize)
    }

    public static let `default` = LogRedaction(
        names: ["token", "authorization", "apiKey", "x-api-key", "plaintext", "dataKey", "password", "secret", "cookie",
                "setCookie", "privateKey", "secretAccessKey", "credentials"],
        suffixes: ["token", "secret", "password", "apikey", "datakey", "plaintext", "privatekey"])

    public func isSecret(_ key: String) -> Bool {
        let normalized = Self.normalize(key)
        return names.contains(normalized) || suffixes.contains { normalized.hasSuffix($0) }
    }

    /// `metadata` with every secret value replaced, in nested dictionaries too.
    public func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result: Logger.Metadata = [:]
        for (key, value) in metadata {
            result[key] = isSecret(key) ? .string(Self.replacement) : redact(value)
        }
        return result
    }

    private func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .dictionary(let dictionary): return .dictionary(redact(dictionary))
        case .array(let values): return .array(values.map(redact))
        case .string, .stringConvertible: return value
        }
    }

    static func normalize(_ key: String) -> String {
        key.lowercased().filter { $0 != "-" && $0 != "_" }
    }
}
