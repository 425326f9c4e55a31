/// Why a job message was refused. Every case but `bodyTooLarge` and `malformed` names the member at fault,
/// so the host agent's log says which field a bad producer got wrong (never the value of a secret: the
/// message carries none).
public enum JobMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is longer than `JobMessageDecoder.maxBodyBytes`; refused before any parsing.
    case bodyTooLarge(bytes: Int, limit: Int)
    /// Not one JSON object of string keys (bad syntax, not UTF-8, trailing text); `offset` is a byte offset.
    case malformed(offset: Int, reason: String)
    /// A member this version does not define.
    case unknownField(String)
    /// A member written twice (two parsers could read different values).
    case duplicateField(JobMessageField)
    case missingField(JobMessageField)
    /// The member has the wrong JSON type (`expected` says which).
    case wrongType(JobMessageField, expected: String)
    /// `v` is an integer other than 1.
    case unsupportedVersion(Int)
    /// The member has the right type but a value that is not allowed.
    case invalidValue(JobMessageField, reason: String)

    /// The member the error is about, if any.
    public var field: JobMessageField? {
        switch self {
        case .bodyTooLarge, .malformed, .unknownField: return nil
        case .duplicateField(let field), .missingField(let field), .wrongType(let field, _), .invalidValue(let field, _):
            return field
        case .unsupportedVersion: return .version
        }
    }

    public var description: String {
        switch self {
        case .bodyTooLarge(let bytes, let limit): return "job message: \(bytes) bytes, more than the \(limit) allowed"
        case .malformed(let offset, let reason): return "job message: not a JSON object at byte \(offset): \(reason)"
        case .unknownField(let name): return "job message: unknown member \"\(name.prefix(64))\""
        case .duplicateField(let field): return "job message: \(field) appears more than once"
        case .missingField(let field): return "job message: \(field) is missing"
        case .wrongType(let field, let expected): return "job message: \(field) must be \(expected)"
        case .unsupportedVersion(let version): return "job message: v is \(version); only version 1 is understood"
        case .invalidValue(let field, let reason): return "job message: \(field) \(reason)"
        }
    }
}
