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
        try TemplateLibrary(directory: bundledDirectory())
    }

    /// The folder of the shipped templates (a resource of this module), for `templates export`.
    public static func bundledDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw GeneratorError.templatesMissing("templates (bundle resource)")
        }
        return url
    }

    /// Copies the shipped templates into `directory`, which must not exist or be empty, so an operator can
    /// edit them and pass the folder to `generate --templates`. The copy is made beside it and renamed into
    /// place, so a failure leaves no partial folder. Returns the paths written, relative to `directory`.
    public static func exportBundled(to directory: URL) throws -> [String] {
        let fileManager = FileManager.default
        let source = try bundledDirectory().standardizedFileURL.resolvingSymlinksInPath()
        let files = fileManager.enumerator(atPath: source.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }.sorted() ?? []
        guard !files.isEmpty else { throw GeneratorError.templatesMissing(source.path) }
        if let contents = try? fileManager.contentsOfDirectory(atPath: directory.path), !contents.isEmpty {
            throw GeneratorError.folderNotEmpty(directory.path)
        }
        let staging = directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).export-\(UUID().uuidString)")
        do {
            defer { try? fileManager.removeItem(at: staging) }
            for file in files {
                let target = staging.appendingPathComponent(file)
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fileManager.copyItem(at: source.appendingPathComponent(file), to: target)
            }
            if fileManager.fileExists(atPath: directory.path) { try fileManager.removeItem(at: directory) }
            try fileManager.moveItem(at: staging, to: directory)
        } catch {
            throw GeneratorError.outputNotWritable(path: directory.path, reason: error.localizedDescription)
        }
        return files
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let text = library.render(context, withTemplate: name) else { throw GeneratorError.templatesMissing(name) }
        return text
    }
}
