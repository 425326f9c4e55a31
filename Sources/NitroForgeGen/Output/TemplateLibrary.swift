import Foundation
import Mustache

/// The Mustache templates under `templates/` (a resource of this module), by path without `.mustache`:
/// `terraform/kms.tf`, `enclave/Dockerfile`, ... Templates render as plain text: nothing is HTML-escaped,
/// and values that land in HCL or YAML are quoted by the renderer that builds the context.
public struct TemplateLibrary: Sendable {
    let library: MustacheLibrary
    /// Every template name, sorted.
    public let names: [String]

    public init(directory: URL) throws {
        var library = MustacheLibrary()
        var names: [String] = []
        let root = directory.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw GeneratorError.templatesMissing(root)
        }
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".mustache") else { continue }
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            let name = String(relative.dropLast(".mustache".count))
            do {
                try library.register("{{% CONTENT_TYPE: TEXT}}" + text, named: name)
            } catch {
                throw GeneratorError.badTemplate(name: name, reason: "\(error)")
            }
            names.append(name)
        }
        self.library = library
        self.names = names.sorted()
    }

    /// The templates shipped with nitroforge.
    public static func bundled() throws -> TemplateLibrary {
        guard let url = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw GeneratorError.templatesMissing("templates (bundle resource)")
        }
        return try TemplateLibrary(directory: url)
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let text = library.render(context, withTemplate: name) else { throw GeneratorError.templatesMissing(name) }
        return text
    }
}
