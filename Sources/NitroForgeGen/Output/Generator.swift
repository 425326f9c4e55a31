/// Renders every file of a deployment's output folder from the typed model and the templates.
/// Pure: same deployment and templates, same bytes.
public struct Generator: Sendable {
    let templates: TemplateLibrary

    public init(templates: TemplateLibrary) {
        self.templates = templates
    }

    public func files(for deployment: Deployment) throws -> [GeneratedFile] {
        let terraform = TerraformContext(deployment)
        let inputs = TerraformInputs(deployment: deployment)
        var context = terraform.values
        context["variables"] = inputs.variableBlocks
        context["outputs"] = inputs.outputBlocks

        var files: [GeneratedFile] = []
        for name in ["versions", "providers", "variables", "outputs", "network", "kms", "storage", "queue", "iam", "compute", "producer", "monitoring"] {
            let text = try templates.render("terraform/\(name).tf", context)
            files.append(GeneratedFile(path: "\(name).tf", contents: HCLFormatter.format(text)))
        }
        files.append(GeneratedFile(path: OutputFolder.generatedVariables, contents: inputs.tfvars.pretty()))
        files += ReviewPolicies(terraform).files
        let artifacts = ArtifactContext(deployment)
        for name in templates.names where !name.hasPrefix("terraform/") && !name.hasPrefix("docs/") {
            let text = try templates.render(name, artifacts.values)
            files.append(GeneratedFile(path: name, contents: text, executable: name.hasSuffix(".sh")))
        }
        let documentation = DocumentationContext(deployment, files: files)
        files.append(GeneratedFile(path: "README.md", contents: try templates.render("docs/README.md", documentation.readme)))
        files.append(GeneratedFile(path: "SECURITY.md", contents: try templates.render("docs/SECURITY.md", documentation.security)))
        try PolicyGate(deployment: deployment).check(files)
        return files.sorted { $0.path < $1.path }
    }
}
