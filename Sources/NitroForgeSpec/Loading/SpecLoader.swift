import Foundation
import NitroFormats
import Yams

/// Loads `nitroforge.yaml`: YAML → node tree → checked against `SpecDescription` → typed `Spec` →
/// cross-field rules. Every problem found is reported at once, each with its file, line and column.
public enum SpecLoader {
    /// Loads and validates the spec at `path`.
    /// - Throws: `SpecLoadError` listing every problem.
    public static func load(path: String) throws(SpecLoadError) -> Spec {
        let (text, url) = try DescribedYAML.read(path: path, what: "spec", allowed: "a readable UTF-8 YAML file; `nitroforge init` writes one")
        return try load(yaml: text, file: path, sourceFile: url)
    }

    /// Loads and validates spec text. `file` is the name used in messages; `sourceFile` is what relative
    /// paths (measurements, Dockerfile, certificate) are resolved against.
    public static func load(yaml: String, file: String, sourceFile: URL) throws(SpecLoadError) -> Spec {
        var checker = NodeChecker(file: file)
        let root = try DescribedYAML.compose(yaml: yaml, file: file, emptyMessage: "the spec is empty",
                                             emptyAllowed: "a mapping starting with apiVersion: \(SpecDescription.apiVersion)")
        let tree = checker.check(root, as: .object(SpecDescription.root), at: .root)
        var context = RuleContext(
            spec: SpecBuilder.build(tree ?? .object([:]), sourceFile: sourceFile),
            sourceMap: checker.sourceMap, diagnostics: checker.diagnostics)
        if tree != nil {
            MeasurementRules.load(&context)
            EnclaveRules.check(&context)
            ProcessorRules.check(&context)
            MeasurementRules.check(&context)
            DeploymentRules.check(&context)
        }
        guard context.diagnostics.issues.isEmpty else {
            throw SpecLoadError(issues: context.diagnostics.issues)
        }
        context.spec.warnings = context.diagnostics.warnings
        return context.spec
    }
}
