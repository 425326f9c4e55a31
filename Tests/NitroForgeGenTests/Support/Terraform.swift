import Foundation
import XCTest

/// The real `terraform` CLI, set up as scripts/test.sh leaves it: on PATH, with `TF_CLI_CONFIG_FILE` naming
/// a CLI configuration whose `filesystem_mirror` holds the AWS provider (no registry is needed).
struct Terraform {
    let executable: String

    /// One finished run: exit status and combined output.
    struct Run {
        let status: Int32
        let output: String
        /// Whether `timeout` ended it (exit 124, or 137 after the kill).
        var timedOut: Bool { status == 124 || status == 137 }
    }

    static func located() throws -> Terraform {
        let environment = ProcessInfo.processInfo.environment
        guard let config = environment["TF_CLI_CONFIG_FILE"], FileManager.default.fileExists(atPath: config) else {
            throw XCTSkipFailure("TF_CLI_CONFIG_FILE does not name a Terraform CLI configuration with the provider mirror: run scripts/test.sh")
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/terraform"
            if FileManager.default.isExecutableFile(atPath: path) { return Terraform(executable: path) }
        }
        throw XCTSkipFailure("terraform is not on PATH: install Terraform 1.6 or later (scripts/setup-tools.sh checks)")
    }

    /// Runs `terraform ARGUMENTS` in `folder`, ended by `timeout(1)` after `seconds` (then killed 10 s
    /// later), so a resource that never settles fails the test instead of hanging it.
    func run(_ arguments: [String], in folder: URL, seconds: Int = 120, environment: [String: String] = [:], input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=10", String(seconds), executable] + arguments
        process.currentDirectoryURL = folder
        var merged = ProcessInfo.processInfo.environment
        merged["TF_IN_AUTOMATION"] = "1"
        merged["CHECKPOINT_DISABLE"] = "1"
        merged["TF_INPUT"] = "0"
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `terraform init -backend=false`: installs the provider from the mirror (a link into the plugin cache).
    func initialize(_ folder: URL) throws {
        let run = try run(["init", "-backend=false", "-input=false", "-no-color"], in: folder, seconds: 180)
        guard run.status == 0 else {
            throw TerraformFailure("terraform init in \(folder.path) failed (status \(run.status)):\n\(run.output.suffix(3000))")
        }
    }
}

/// A terraform command that had to succeed for the test to go on; says which and what it printed.
struct TerraformFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
