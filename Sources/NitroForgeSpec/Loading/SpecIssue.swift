/// One problem in a spec, located in its file: printed as `FILE:LINE:COLUMN: what is wrong; what is allowed`.
public struct SpecIssue: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in Unicode scalars.
    public let column: Int
    /// What is wrong, starting with the field's path (e.g. `enclave.vcpus: 3 is odd`).
    public let message: String
    /// What is allowed instead.
    public let allowed: String

    public init(file: String, line: Int, column: Int, message: String, allowed: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.allowed = allowed
    }

    public var description: String { "\(file):\(line):\(column): \(message); \(allowed)" }
}

/// Every problem found in a spec, in file order; thrown by `SpecLoader`.
public struct SpecLoadError: Error, Sendable, CustomStringConvertible {
    public let issues: [SpecIssue]

    public init(issues: [SpecIssue]) {
        self.issues = issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
