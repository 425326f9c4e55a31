/// Why generation failed. Spec problems are reported by the spec loader before the generator runs.
public enum GeneratorError: Error, CustomStringConvertible, Equatable {
    case templatesMissing(String)
    case badTemplate(name: String, reason: String)
    case zeroPCRWithoutDebug(String)
    case outputNotWritable(path: String, reason: String)
    /// The key policies fail the audit, or the Terraform does not carry the audited ones: each finding.
    case policyRefused([String])
    /// A folder that must be new already holds files (exporting templates never overwrites edits).
    case folderNotEmpty(String)

    public var description: String {
        switch self {
        case .templatesMissing(let name): return "template \(name) not found"
        case .badTemplate(let name, let reason): return "template \(name) does not parse: \(reason)"
        case .zeroPCRWithoutDebug(let pcr):
            return "\(pcr) is all zeros, which only a debug-mode enclave reports; set enclave.debug: true or rebuild the image"
        case .outputNotWritable(let path, let reason): return "\(path): cannot write output: \(reason)"
        case .folderNotEmpty(let path): return "\(path) is not empty; give a new folder"
        case .policyRefused(let findings):
            return "the key policies break the design's invariants; nothing was written:\n" + findings.map { "  - \($0)" }.joined(separator: "\n")
        }
    }
}
