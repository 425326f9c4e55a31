import Foundation

/// The shared `~/.aws/config` and `~/.aws/credentials` files, merged as the AWS SDKs merge them:
/// `[profile name]` (or `[default]`) sections of the config file, `[name]` sections of the credentials
/// file, the credentials file winning for a key set in both.
public struct ProfileFiles: Sendable {
    public var profiles: [String: [String: String]]

    public init(profiles: [String: [String: String]]) {
        self.profiles = profiles
    }

    /// Reads both files; a missing file is an empty one, an unreadable line is an error naming file and line.
    public init(configPath: String, credentialsPath: String) throws {
        var merged: [String: [String: String]] = [:]
        for (name, values) in try Self.parse(path: configPath, isConfig: true) { merged[name] = values }
        for (name, values) in try Self.parse(path: credentialsPath, isConfig: false) {
            merged[name, default: [:]].merge(values) { _, credentials in credentials }
        }
        profiles = merged
    }

    static func parse(path: String, isConfig: Bool) throws -> [String: [String: String]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var result: [String: [String: String]] = [:]
        var current: String?
        var lastKey: String?
        for (number, rawLine) in String(decoding: data, as: UTF8.self).components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    throw ProfileFileError(path: path, line: number + 1, reason: "section header has no closing ]")
                }
                var name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if isConfig, name.hasPrefix("profile ") {
                    name = name.dropFirst("profile ".count).trimmingCharacters(in: .whitespaces)
                } else if isConfig, name != "default" {
                    current = nil  // `[sso-session x]`, `[services x]`: not profiles.
                    continue
                }
                current = name
                result[name, default: [:]] = result[name] ?? [:]
                lastKey = nil
                continue
            }
            guard let profile = current else { continue }
            if rawLine.first == " " || rawLine.first == "\t", let key = lastKey {
                // A nested (sub-property) line such as those under `s3 =`: kept as `key.sub`.
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { result[profile]?["\(key).\(parts[0])"] = parts[1] }
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 || line.hasSuffix("=") else {
                throw ProfileFileError(path: path, line: number + 1, reason: "expected key = value")
            }
            let key = parts[0].lowercased()
            result[profile]?[key] = parts.count == 2 ? Self.stripComment(parts[1]) : ""
            lastKey = key
        }
        return result
    }

    /// `value ; comment` and `value # comment` lose the comment (only after whitespace, as botocore does).
    static func stripComment(_ value: String) -> String {
        for marker in [" ;", " #", "\t;", "\t#"] {
            if let range = value.range(of: marker) {
                return value[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            }
        }
        return value
    }
}

/// A line of a shared config or credentials file that cannot be read.
public struct ProfileFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var reason: String
    public var description: String { "\(path):\(line): \(reason)" }
}
