import Foundation

/// The JSON shapes a policy can hold, decoded without losing booleans to numbers.
enum PolicyJSON: Decodable, Sendable {
    case string(String)
    case bool(Bool)
    case number(String)
    case array([PolicyJSON])
    case object([String: PolicyJSON])
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .number(String(value)) }
        else if let value = try? container.decode(Double.self) { self = .number(String(value)) }
        else if let value = try? container.decode([PolicyJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: PolicyJSON].self)) }
    }

    static func parse(_ data: Data) throws -> PolicyJSON {
        do {
            return try JSONDecoder().decode(PolicyJSON.self, from: data)
        } catch {
            throw PolicyError(.malformedJSON(String(describing: error)))
        }
    }

    var brief: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return String(b)
        case .number(let n): return n
        case .array: return "an array"
        case .object: return "an object"
        case .null: return "null"
        }
    }

    /// A string, or a list of strings (IAM accepts both wherever a list is allowed). Condition values may
    /// also be booleans and numbers, which compare as their text.
    func strings(_ element: String, scalars: Bool = false) throws -> [String] {
        func one(_ value: PolicyJSON) throws -> String {
            switch value {
            case .string(let s):
                if s.contains("${") { throw PolicyError(.policyVariable(s)) }
                return s
            case .bool(let b) where scalars: return String(b)
            case .number(let n) where scalars: return n
            default: throw PolicyError(.invalidValue(element: element, value: value.brief))
            }
        }
        switch self {
        case .array(let items):
            guard !items.isEmpty else { throw PolicyError(.invalidValue(element: element, value: "[]")) }
            return try items.map(one)
        default: return [try one(self)]
        }
    }
}
