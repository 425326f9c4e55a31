import Foundation
import XCTest
@testable import NitroForgeGen

/// The repository, the tools scripts/test.sh installs, and the examples rendered into temporary folders.
enum TestEnvironment {
    static let examples = ["inference", "training", "existing-vpc"]

    static func repo() throws -> URL {
        guard let path = ProcessInfo.processInfo.environment["NITROFORGE_REPO"] else {
            throw XCTSkipFailure("NITROFORGE_REPO is not set: run scripts/test.sh")
        }
        return URL(fileURLWithPath: path)
    }

    static func tool(_ name: String) throws -> String {
        guard let directory = ProcessInfo.processInfo.environment["NITROFORGE_TOOLS"] else {
            throw XCTSkipFailure("NITROFORGE_TOOLS is not set: run scripts/test.sh")
        }
        let path = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkipFailure("\(path) is missing: run scripts/test.sh")
        }
        return path
    }

    static func specPath(_ example: String) throws -> String {
        try repo().appendingPathComponent("examples/\(example)/nitroforge.yaml").path
    }

    /// The example's files as `generate` would write them into the repository's terraform-out.
    static func generate(_ example: String) throws -> [GeneratedFile] {
        try Generation.prepare(specPath: specPath(example), outputDirectory: repo().appendingPathComponent("terraform-out")).files
    }

    /// The example written to a fresh temporary folder.
    static func write(_ example: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-gen-\(example)-\(UUID().uuidString)")
        try OutputFolder(folder).write(generate(example))
        return folder
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-gen-\(UUID().uuidString)")
    }

    /// Runs a process to completion; returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A missing tool or variable is a failure with instructions, never a silent skip.
struct XCTSkipFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
