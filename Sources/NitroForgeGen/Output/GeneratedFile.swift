/// One file of the output folder, relative to it.
public struct GeneratedFile: Sendable, Equatable {
    public var path: String
    public var contents: String
    /// Scripts are written executable.
    public var executable: Bool

    public init(path: String, contents: String, executable: Bool = false) {
        self.path = path
        self.contents = contents
        self.executable = executable
    }

    /// 1-based number of the first line containing `marker`, for SECURITY.md's references.
    public func line(containing marker: String) -> Int? {
        var number = 0
        for line in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if line.contains(marker) { return number }
        }
        return nil
    }
}
