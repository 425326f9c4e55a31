import Foundation

/// Writes a complete output folder or nothing: files go to a temporary sibling folder, which then
/// replaces the old output in one rename, so a failure leaves the old output as it was.
public struct OutputFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url.standardizedFileURL
    }

    /// The files now in the folder (regular files, relative paths) but the operator's, empty when it does not exist.
    public func read() throws -> [String: String] {
        var files: [String: String] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: url.path) else { return [:] }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = url.appendingPathComponent(relative).path
            if Self.isOperatorOwned(relative) {
                walker.skipDescendants()
                continue
            }
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            files[relative] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    /// Replaces the folder's contents with `files`.
    public func write(_ files: [GeneratedFile]) throws {
        let manager = FileManager.default
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).nitroforge-\(UUID().uuidString)")
        let retired = parent.appendingPathComponent(".\(url.lastPathComponent).nitroforge-old-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: target)
                try manager.setAttributes([.posixPermissions: file.executable ? 0o755 : 0o644], ofItemAtPath: target.path)
            }
            if manager.fileExists(atPath: url.path) {
                try preserveTerraformState(into: staging)
                try manager.moveItem(at: url, to: retired)
                do {
                    try manager.moveItem(at: staging, to: url)
                } catch {
                    try? manager.moveItem(at: retired, to: url)
                    throw error
                }
                try manager.removeItem(at: retired)
            } else {
                try manager.moveItem(at: staging, to: url)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw GeneratorError.outputNotWritable(path: url.path, reason: "\(error)")
        }
    }

    /// Terraform's own files (`.terraform/`, state, the lock file) and the operator's additions beside the
    /// generated ones (override files, other variable files) belong to the operator, not to nitroforge: they
    /// are never read as output, never count as deleted, and move into the new folder untouched.
    static let operatorFiles = [".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup",
                                ".terraform.tfstate.lock.info", "terraform.tfstate.d"]

    /// Whether a path (relative to the output) is the operator's: one of `operatorFiles` or inside one, a
    /// top-level Terraform override file (`override.tf`, `NAME_override.tf`, and `.tf.json`), or a top-level
    /// variables file nitroforge does not write.
    public static func isOperatorOwned(_ relative: String) -> Bool {
        if operatorFiles.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }) { return true }
        guard !relative.contains("/") else { return false }
        let stem = relative.hasSuffix(".tf") ? String(relative.dropLast(3)) : relative.hasSuffix(".tf.json") ? String(relative.dropLast(8)) : nil
        if let stem, stem == "override" || stem.hasSuffix("_override") { return true }
        return (relative.hasSuffix(".tfvars") || relative.hasSuffix(".tfvars.json")) && relative != generatedVariables
    }

    /// The variables file `generate` writes.
    static let generatedVariables = "nitroforge.auto.tfvars.json"

    private func preserveTerraformState(into staging: URL) throws {
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: url.path) where Self.isOperatorOwned(name) {
            try manager.copyItem(at: url.appendingPathComponent(name), to: staging.appendingPathComponent(name))
        }
    }
}
