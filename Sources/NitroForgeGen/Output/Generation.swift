import Foundation
import NitroForgeSpec

/// What `generate` and `plan` share: load the spec, bind the measurements, render every file.
public struct Generation: Sendable {
    public let files: [GeneratedFile]
    /// Things the operator must know but that do not stop generation (no measurements yet).
    public let notes: [String]

    /// - Throws: `SpecLoadError` for an invalid spec (exit 1), `GeneratorError` otherwise.
    public static func prepare(specPath: String, outputDirectory: URL, templates: TemplateLibrary? = nil) throws -> Generation {
        let spec = try SpecLoader.load(path: specPath)
        let deployment = try Deployment(spec: spec, measurements: spec.measurements, outputDirectory: outputDirectory)
        // Located spec warnings first: each names the line to change.
        var notes = spec.warnings.map { "warning: \($0)" }
        if spec.measurements == nil {
            notes.append(
                "no measurements at \(spec.enclave.measurementsURL.path): enclave_pcr0 has no value in nitroforge.auto.tfvars.json "
                    + "(Terraform will ask for it); run enclave/build-eif.sh, then generate again"
            )
        }
        let generator = Generator(templates: try templates ?? .bundled())
        return Generation(files: try generator.files(for: deployment), notes: notes)
    }
}
