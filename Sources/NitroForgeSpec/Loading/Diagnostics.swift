/// Collects the issues of one spec file, and which fields they concern, so that later rules stay quiet
/// about fields already reported (one mistake, one message).
struct Diagnostics: Sendable {
    let file: String
    private(set) var issues: [SpecIssue] = []
    private(set) var reportedPaths: [FieldPath] = []
    /// Located advice that does not make the spec invalid (what it asks for may be done another way).
    private(set) var warnings: [SpecIssue] = []

    init(file: String) {
        self.file = file
    }

    mutating func report(at location: SourceMap.Location, path: FieldPath?, _ message: String, allowed: String) {
        issues.append(SpecIssue(file: file, line: location.line, column: location.column, message: message, allowed: allowed))
        if let path { reportedPaths.append(path) }
    }

    mutating func warn(at location: SourceMap.Location, _ message: String, advice: String) {
        warnings.append(SpecIssue(file: file, line: location.line, column: location.column, message: message, allowed: advice))
    }

    /// Whether a problem was already reported at `path`, inside it, or at a field enclosing it.
    func hasReported(_ path: FieldPath) -> Bool {
        reportedPaths.contains { path.isWithin($0) || $0.isWithin(path) }
    }
}
