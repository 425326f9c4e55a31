import Foundation

extension LogisticModel: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case features, weights, bias
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes and validates; a key outside the three is refused, because a misspelt `bias` would otherwise
    /// be a silent default.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { CodingKeys(stringValue: $0) == nil }) { throw ModelError.unknownKey(unknown) }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(features: try container.decode([String].self, forKey: .features),
                      weights: try container.decode([Double].self, forKey: .weights),
                      bias: try container.decode(Double.self, forKey: .bias))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(features, forKey: .features)
        try container.encode(weights, forKey: .weights)
        try container.encode(bias, forKey: .bias)
    }

    /// Reads a model file's contents.
    /// - Throws: `ModelError`, with decoding failures described by key path.
    public static func decode(json: Data) throws -> LogisticModel {
        do {
            return try JSONDecoder().decode(LogisticModel.self, from: json)
        } catch let error as ModelError {
            throw error
        } catch let error as DecodingError {
            throw ModelError(error)
        } catch {
            throw ModelError.invalidJSON(path: "", problem: "\(error)")
        }
    }

    /// Pretty-printed JSON with sorted keys and a final line feed, as written to model files.
    public func encodedJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Validation made every number finite, the only way JSONEncoder can fail here.
        guard let data = try? encoder.encode(self) else { preconditionFailure("a validated model always encodes") }
        return data + Data("\n".utf8)
    }
}

extension ModelError {
    /// Names the key path and what was expected instead of Foundation's debug description.
    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .invalidJSON(path: path(context.codingPath), problem: "missing key \(Quoted.text(key.stringValue))")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let expected = type == Double.self ? "a number" : type == String.self ? "a string" : "\(type)"
            self = .invalidJSON(path: path(context.codingPath), problem: "expected \(expected)")
        case .dataCorrupted(let context):
            self = .invalidJSON(path: path(context.codingPath), problem: context.underlyingError.map { "not valid JSON (\($0.localizedDescription))" } ?? context.debugDescription)
        @unknown default:
            self = .invalidJSON(path: "", problem: "\(error)")
        }
    }
}
