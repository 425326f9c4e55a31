import Foundation
import NitroFormats
import Yams

/// Checks any YAML file against a description table, as `nitroforge validate` checks the spec: unknown keys
/// (with a "did you mean"), types, formats, ranges, required fields, exactly-one groups and conditions, every
/// problem at once as `FILE:LINE:COLUMN: what; allowed`. Other configuration files (the producer's) describe
/// their fields with the same `FieldDescription` table instead of a second checker.
public enum DescribedYAML {
    /// The checked document as a `JSONValue`, defaults filled in.
    /// - Throws: `SpecLoadError` with every problem, located in `file`.
    public static func load(yaml: String, file: String, shape: ObjectShape) throws(SpecLoadError) -> JSONValue {
        let root = try compose(yaml: yaml, file: file, emptyMessage: "the file is empty",
                               emptyAllowed: "a mapping with keys " + shape.fields.map(\.name).joined(separator: ", "))
        var checker = NodeChecker(file: file)
        let tree = checker.check(root, as: .object(shape), at: .root)
        guard checker.diagnostics.issues.isEmpty, let tree else {
            throw SpecLoadError(issues: checker.diagnostics.issues)
        }
        return tree
    }

    /// The text of the YAML file at `path`, or an issue at its first line naming `what` could not be read.
    public static func read(path: String, what: String, allowed: String) throws(SpecLoadError) -> (text: String, url: URL) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        do {
            return (try String(contentsOf: url, encoding: .utf8), url)
        } catch {
            throw SpecLoadError(issues: [SpecIssue(
                file: path, line: 1, column: 1, message: "cannot read the \(what) (\(FileProblem.describe(error)))", allowed: allowed)])
        }
    }

    /// The YAML node tree of `yaml`, or a located syntax error.
    static func compose(yaml: String, file: String, emptyMessage: String, emptyAllowed: String) throws(SpecLoadError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw SpecLoadError(issues: [YAMLErrorLocation.issue(for: error, file: file)])
        }
        guard let node else {
            throw SpecLoadError(issues: [SpecIssue(file: file, line: 1, column: 1, message: emptyMessage, allowed: emptyAllowed)])
        }
        return node
    }
}
