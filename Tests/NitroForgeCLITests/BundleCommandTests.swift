import Crypto
import Foundation
import NitroTestSupport
import XCTest

/// `nitroforge bundle` with stand-in runtimes (`--executables`; the release build it makes by default takes
/// longer than the test command can spend): the tarball is unpacked by the system `tar` as the instances'
/// user data does, and every file is checked against the manifest.
final class BundleCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private static let runtimes = ["nitroforge-enclave", "nitroforge-host", "nitroforge-producer"]
    private var output: URL { Nitroforge.repo.appendingPathComponent("terraform-out") }
    /// Stand-ins for the three runtimes, 3 MiB each (several of the writer's 1 MiB reads) of bytes that
    /// differ per file: packing treats them as opaque files, and the debug builds would cost the test command
    /// half a minute to compress.
    private var executables: String {
        get throws {
            let folder = scratch.appendingPathComponent("runtimes")
            guard !FileManager.default.fileExists(atPath: folder.path) else { return folder.path }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (index, name) in Self.runtimes.enumerated() {
                var bytes = Array("#!/bin/sh\necho \(name)\nexit 0\n".utf8)
                bytes += (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761 &+ index) >> 13) }
                FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data(bytes), attributes: [.posixPermissions: 0o755])
            }
            return folder.path
        }
    }

    private func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    private func bundle(into folder: URL, _ extra: [String] = []) throws -> [String: String] {
        let run = try Nitroforge.run(["bundle", "--dir", output.path, "--out", folder.path, "--executables", try executables, "--json"] + extra)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: String], run.stdout)
    }

    private func shell(_ command: String, _ arguments: [String]) throws -> Nitroforge.Outcome {
        try Nitroforge.run(program: URL(fileURLWithPath: "/usr/bin/env"), [command] + arguments)
    }

    func testTwoBundlesOfOneTreeAreTheSameBytesAndTarFindsEveryFileTheManifestNames() throws {
        let pcr = { (digit: Character) in String(repeating: digit, count: 96) }
        let measurements = scratch.appendingPathComponent("measurements.json")
        try Data(#"{"Measurements": {"HashAlgorithm": "Sha384 { ... }", "PCR0": "\#(pcr("a"))", "PCR1": "\#(pcr("b"))", "PCR2": "\#(pcr("c"))"}}"#.utf8)
            .write(to: measurements)
        let first = try bundle(into: scratch.appendingPathComponent("one"), ["--measurements", measurements.path])
        let second = try bundle(into: scratch.appendingPathComponent("two"), ["--measurements", measurements.path])

        let tarball = URL(fileURLWithPath: try XCTUnwrap(first["bundle"]))
        let digest = try XCTUnwrap(first["sha256"])
        XCTAssertEqual(tarball.lastPathComponent, "\(digest).tar.gz")
        XCTAssertEqual(try sha256(tarball), digest, "the name is the tarball's SHA-256")
        XCTAssertEqual(second["sha256"], digest, "a second bundle of the same tree differs")
        XCTAssertEqual(try Data(contentsOf: tarball), try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(second["bundle"]))))

        // Unpacked as host/user-data.sh does.
        let unpacked = scratch.appendingPathComponent("opt-nitroforge")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let untar = try shell("tar", ["-xzf", tarball.path, "-C", unpacked.path])
        XCTAssertEqual(untar.status, 0, untar.stderr)
        let listing = try shell("tar", ["--numeric-owner", "-tvzf", tarball.path])
        for line in listing.stdout.split(separator: "\n") {
            XCTAssertTrue(line.contains(" 0/0 ") && line.contains("1970-01-01"), "not owned by root at time 0: \(line)")
        }
        XCTAssertEqual(listing.stdout.split(separator: "\n").last.map { String($0.split(separator: " ").last!) }, "manifest.json")

        let manifestData = try Data(contentsOf: unpacked.appendingPathComponent("manifest.json"))
        XCTAssertEqual(manifestData, try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(first["manifest"]))), "the manifest beside the bundle differs")
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        XCTAssertEqual(Set(manifest.keys), ["files", "version", "commit", "clean", "swift", "measurements"])
        let files = try XCTUnwrap(manifest["files"] as? [[String: Any]])
        var expected = Set(Self.runtimes.map { "bin/\($0)" })
        for folder in ["enclave", "host"] {
            let root = output.appendingPathComponent(folder)
            for name in try FileManager.default.subpathsOfDirectory(atPath: root.path) {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isFolder)
                if !isFolder.boolValue { expected.insert("\(folder)/\(name)") }
            }
        }
        XCTAssertEqual(Set(files.compactMap { $0["path"] as? String }), expected)
        for file in files {
            let path = try XCTUnwrap(file["path"] as? String)
            let extracted = unpacked.appendingPathComponent(path)
            XCTAssertEqual(try sha256(extracted), file["sha256"] as? String, path)
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: extracted.path)[.size] as? NSNumber)?.intValue, file["size"] as? Int, path)
        }
        for runtime in Self.runtimes {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: unpacked.appendingPathComponent("bin/\(runtime)").path), runtime)
            XCTAssertEqual(try sha256(unpacked.appendingPathComponent("bin/\(runtime)")), try sha256(URL(fileURLWithPath: try executables).appendingPathComponent(runtime)))
        }

        let head = try shell("git", ["-C", Nitroforge.repo.path, "rev-parse", "HEAD"])
        XCTAssertEqual(manifest["commit"] as? String, head.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertNotNil(manifest["clean"] as? Bool)
        XCTAssertEqual(manifest["version"] as? String, try Nitroforge.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertTrue((manifest["swift"] as? String)?.contains("Swift version") == true, "\(manifest["swift"] ?? "nil")")
        let pcrs = (manifest["measurements"] as? [String: Any])?["Measurements"] as? [String: Any]
        XCTAssertEqual(pcrs?["PCR0"] as? String, pcr("a"))
    }

    /// A folder `generate` did not write, or one holding a link, is named and leaves no file behind.
    func testAnOutputWithoutItsFoldersOrWithALinkIsRefusedAndNothingIsWritten() throws {
        let out = scratch.appendingPathComponent("bundles")
        let missing = try Nitroforge.run(["bundle", "--dir", scratch.appendingPathComponent("nothing").path, "--out", out.path,
                                          "--executables", try executables, "--spec", "/nonexistent.yaml"])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nothing/enclave is missing"), missing.stderr)

        let copy = scratch.appendingPathComponent("out")
        try FileManager.default.copyItem(at: output, to: copy)
        try FileManager.default.createSymbolicLink(atPath: copy.appendingPathComponent("host/passwd").path, withDestinationPath: "/etc/passwd")
        let linked = try Nitroforge.run(["bundle", "--dir", copy.path, "--out", out.path, "--executables", try executables, "--spec", "/nonexistent.yaml"])
        XCTAssertEqual(linked.status, 1, linked.stderr)
        XCTAssertTrue(linked.stderr.contains("host/passwd is a symbolic link"), linked.stderr)

        let noRuntimes = try Nitroforge.run(["bundle", "--dir", output.path, "--out", out.path, "--executables", scratch.path, "--spec", "/nonexistent.yaml"])
        XCTAssertEqual(noRuntimes.status, 1, noRuntimes.stderr)
        XCTAssertTrue(noRuntimes.stderr.contains("nitroforge-enclave is not an executable"), noRuntimes.stderr)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [], [])
    }
}
