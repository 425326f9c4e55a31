import NitroForgeSpec
import Yams

/// What the description checker cannot see in `host.yaml`: values that are still Terraform placeholders
/// (`${jobs_queue_url}`, filled by `templatefile()` at apply time), and where a field sits, for messages
/// about values the checker accepted but the runtime cannot use.
struct ConfigurationScan {
    struct Scalar {
        var path: [String]
        var value: String
        var line: Int
        var column: Int
    }

    let file: String
    private(set) var scalars: [Scalar] = []

    /// Every scalar value of `yaml` with its path; empty when the YAML does not parse (the checker says why).
    init(yaml: String, file: String) {
        self.file = file
        guard let root = try? Yams.compose(yaml: yaml) else { return }
        collect(root, path: [])
    }

    private mutating func collect(_ node: Node, path: [String]) {
        if let mapping = node.mapping {
            for (key, value) in mapping { collect(value, path: path + [key.string ?? "?"]) }
        } else if let sequence = node.sequence {
            for (index, item) in sequence.enumerated() { collect(item, path: path + [String(index)]) }
        } else if let scalar = node.scalar {
            scalars.append(Scalar(path: path, value: scalar.string, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1))
        }
    }

    /// One issue per value that is a Terraform placeholder nobody filled, naming the field and the variable.
    var unresolvedPlaceholders: [SpecIssue] {
        scalars.filter { $0.value.contains("${") }.map { scalar in
            SpecIssue(file: file, line: scalar.line, column: scalar.column,
                      message: "\(scalar.path.joined(separator: ".")): \(scalar.value) is a Terraform placeholder that was never filled",
                      allowed: "the value Terraform's templatefile() writes at apply time (compute.tf); outside Terraform, write the real value")
        }
    }

    /// An issue at the value of `path` (or the file's first line when it is absent).
    func issue(at path: [String], _ message: String, allowed: String) -> SpecIssue {
        let scalar = scalars.first { $0.path == path }
        return SpecIssue(file: file, line: scalar?.line ?? 1, column: scalar?.column ?? 1,
                         message: "\(path.joined(separator: ".")): \(message)", allowed: allowed)
    }
}
