import Foundation
import XCTest

/// EIFs built by `nitroforge build-eif --backend native` from made-up blobs and a one-file root filesystem:
/// no real kernel exists here, and the format does not care.
public enum NativeEIF {
    /// Writes the kernel, cmdline, init and nsm.ko blobs into `folder`; returns their paths by name.
    public static func writeBlobs(in folder: URL) throws -> [String: String] {
        let contents: [String: [UInt8]] = [
            "kernel": (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
            "cmdline": Array("reboot=k panic=30 pci=off nomodules console=ttyS0\n".utf8),
            "init": (0..<10_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) },
            "nsm": (0..<5_003).map { UInt8(truncatingIfNeeded: $0 &* 17 &+ 3) },
        ]
        var paths: [String: String] = [:]
        for (name, bytes) in contents {
            let path = folder.appendingPathComponent("blob-\(name)")
            try Data(bytes).write(to: path)
            paths[name] = path.path
        }
        return paths
    }

    /// Builds `eif` (and `measurements`) from a root filesystem whose /app/run holds `program`.
    public static func build(program: String, blobs: [String: String], in folder: URL, eif: URL, measurements: URL) throws {
        let rootfs = folder.appendingPathComponent("rootfs")
        try? FileManager.default.removeItem(at: rootfs)
        try FileManager.default.createDirectory(at: rootfs.appendingPathComponent("app"), withIntermediateDirectories: true)
        try Data(program.utf8).write(to: rootfs.appendingPathComponent("app/run"))
        let build = try Nitroforge.run([
            "build-eif", "--backend", "native", "--kernel", blobs["kernel"]!, "--cmdline", blobs["cmdline"]!,
            "--init", blobs["init"]!, "--nsm", blobs["nsm"]!, "--rootfs", rootfs.path, "--cmd", "/app/run --serve",
            "--output", eif.path, "--measurements", measurements.path, "--quiet",
        ])
        XCTAssertEqual(build.status, 0, build.stderr)
    }
}
