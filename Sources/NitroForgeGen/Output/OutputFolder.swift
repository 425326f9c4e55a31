import Foundation

/// Writes a complete output folder or nothing: files go to a temporary sibling folder, which then
/// replaces the old output in one rename, so a failure leaves the old output as it was.
public struct OutputFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url.standardizedFileURL
    }

    /// The files now in the folder (regular files, relative paths), empty when it does not exist.
    public func read() throws -> [String: String] {
        var files: [String: String] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: url.path) else { return [:] }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = url.appendingPathComponent(relative).path
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

    /// Terraform's own files (`.terraform/`, state, lock file) belong to the operator, not to nitroforge:
    /// they move into the new folder untouched.
    static let operatorFiles = [".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup"]

    private func preserveTerraformState(into staging: URL) throws {
        let manager = FileManager.default
        for name in Self.operatorFiles {
            let source = url.appendingPathComponent(name)
            if manager.fileExists(atPath: source.path) {
                try manager.copyItem(at: source, to: staging.appendingPathComponent(name))
            }
        }
    }
}
