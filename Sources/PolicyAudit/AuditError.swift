import PolicyEvaluator

/// Why an audit could not run at all (as opposed to running and finding broken invariants).
public enum AuditError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingPolicy(KeyRole, path: String)
    case unreadablePolicy(KeyRole, PolicyError)
    case unreadableFile(path: String, why: String)
    case cannotInfer(String)

    public var description: String {
        switch self {
        case .missingPolicy(let key, let path): return "\(key.fileName): missing (\(path))"
        case .unreadablePolicy(let key, let error): return "\(key.fileName): \(error)"
        case .unreadableFile(let path, let why): return "\(path): \(why)"
        case .cannotInfer(let why): return "cannot infer the deployment's principals: \(why)"
        }
    }
}
