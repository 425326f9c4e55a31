import Foundation
import XCTest

@testable import EIF

/// A temporary folder per test, removed at the end.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "eif-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8], mode: Int = 0o644) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
        return full
    }

    func read(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)))
    }
}

/// Made-up blobs: no real kernel exists here; the format does not care what the bytes are.
struct SyntheticBlobs {
    let blobs: NitroBlobs
    let kernel: [UInt8]
    let cmdline: [UInt8]
    let initBinary: [UInt8]
    let nsmModule: [UInt8]

    init(in folder: TemporaryFolder) throws {
        kernel = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        cmdline = Array("reboot=k panic=30 pci=off nomodules console=ttyS0 random.trust_cpu=on".utf8)
        initBinary = (0..<10_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        nsmModule = (0..<5_003).map { UInt8(truncatingIfNeeded: $0 &* 17 &+ 3) }
        blobs = NitroBlobs(
            kernel: try folder.write("blobs/bzImage", kernel),
            cmdline: try folder.write("blobs/cmdline", cmdline + Array("\n".utf8)),
            initBinary: try folder.write("blobs/init", initBinary, mode: 0o755),
            nsmModule: try folder.write("blobs/nsm.ko", nsmModule)
        )
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Tools the tests run must exist; scripts/test.sh installs them. A missing one fails the test.
func requireTool(_ name: String) throws -> String {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    XCTFail("\(name) is not installed: run scripts/test.sh (it installs the test tools)")
    throw CocoaError(.fileNoSuchFile)
}

@discardableResult
func runTool(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        XCTFail("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
        throw CocoaError(.executableLoad)
    }
    return text
}
