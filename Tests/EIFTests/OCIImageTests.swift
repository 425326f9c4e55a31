import Crypto
import Foundation
import XCTest

@testable import EIF

final class OCIImageTests: XCTestCase {
    private func customerRamdisk(image: String, folder: TemporaryFolder, command: [String]? = nil) throws -> [Independent.CPIOMember] {
        let blobs = try SyntheticBlobs(in: folder)
        let output = folder.path + "/image-\(UUID().uuidString).eif"
        let request = EIFBuildRequest(architecture: .x86_64, blobs: blobs.blobs, image: .oci(path: image), command: command,
                                      environment: ["EXTRA=1"], outputPath: output)
        let result = try EIFBuilder().build(request)
        let sections = Independent.sections(of: try readBytes(output))
        XCTAssertEqual(result.measurements.pcr2.hex, Independent.pcr(sections[4].payload))
        return Independent.parseNewc(sections[4].payload)
    }

    func testPodmanBuiltOCIArchiveGivesTheExpectedRootFilesystem() throws {
        let podman = try requireTool("podman")
        let folder = try TemporaryFolder()
        try folder.write("context/hello.txt", Array("hello from podman\n".utf8), mode: 0o640)
        try folder.write("context/Dockerfile", Array("FROM scratch\nCOPY hello.txt /srv/hello.txt\nENV GREETING=hi\nCMD [\"/srv/hello.txt\", \"arg one\"]\n".utf8))
        // podman refuses a --runroot longer than 50 characters.
        let runroot = "/tmp/nf-podman-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: runroot) }
        let global = ["--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "none",
                      "--root", folder.path + "/storage", "--runroot", runroot]
        try runTool(podman, global + ["build", "--isolation", "chroot", "--tag", "localhost/eif-test:1", folder.path + "/context"])
        try runTool(podman, global + ["save", "--format", "oci-archive", "--output", folder.path + "/image.tar", "localhost/eif-test:1"])

        let members = try customerRamdisk(image: folder.path + "/image.tar", folder: folder)
        let byName = Dictionary(members.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(byName["rootfs/srv/hello.txt"]?.data, Array("hello from podman\n".utf8))
        XCTAssertEqual(byName["rootfs/srv/hello.txt"]?.mode, 0o100640)
        XCTAssertEqual(byName["rootfs/srv/hello.txt"]?.mtime, 1_492_533_000)
        XCTAssertEqual(byName["cmd"]?.data, Array("/srv/hello.txt\narg one\n".utf8))
        XCTAssertEqual(byName["env"]?.data.starts(with: Array("PATH=".utf8)), true)
        XCTAssertTrue(String(decoding: byName["env"]?.data ?? [], as: UTF8.self).hasSuffix("GREETING=hi\nEXTRA=1\n"))
        XCTAssertEqual(members.first?.name, "rootfs")
    }

    func testHandMadeLayersHonourWhiteoutsOpaqueDirectoriesAndHardLinks() throws {
        let folder = try TemporaryFolder()
        let lower = Independent.tar([
            .init(name: "etc/", type: "5", mode: 0o755),
            .init(name: "etc/a", data: Array("a".utf8)),
            .init(name: "etc/b", mode: 0o600, uid: 1000, gid: 1001, data: Array("b".utf8)),
            .init(name: "opt/", type: "5", mode: 0o755),
            .init(name: "opt/old/", type: "5", mode: 0o700),
            .init(name: "opt/old/x", data: Array("x".utf8)),
            .init(name: "usr/bin/", type: "5", mode: 0o755),
            .init(name: "usr/bin/tool", mode: 0o755, data: Array("tool".utf8)),
        ])
        let upper = Independent.tar([
            .init(name: "etc/.wh.a"),
            .init(name: "opt/.wh..wh..opq"),
            .init(name: "opt/new", data: Array("new".utf8)),
            .init(name: "usr/sbin/", type: "5", mode: 0o755),
            .init(name: "usr/sbin/tool-link", type: "1", link: "usr/bin/tool"),
            .init(name: "etc/b", mode: 0o640, uid: 1000, gid: 1001, data: Array("b2".utf8)),
        ])
        try folder.write("lower.tar", lower)
        let gzip = try requireTool("gzip")
        try runTool(gzip, ["-n", folder.path + "/lower.tar"])
        let layout = folder.path + "/layout"
        func blob(_ bytes: [UInt8]) throws -> [String: Any] {
            let digest = Independent.hex(Array(SHA256.hash(data: bytes)))
            try folder.write("layout/blobs/sha256/" + digest, bytes)
            return ["digest": "sha256:" + digest, "size": bytes.count]
        }
        let config = try blob(Array(#"{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/usr/bin/tool"],"Env":["PATH=/usr/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8))
        let layers = [try blob(try folder.read("lower.tar.gz")), try blob(upper)]
        let manifest = try blob(Array(try JSONSerialization.data(withJSONObject: [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": config.merging(["mediaType": "application/vnd.oci.image.config.v1+json"]) { $1 },
            "layers": layers,
        ])))
        try folder.write("layout/oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        try folder.write("layout/index.json", Array(try JSONSerialization.data(withJSONObject: ["schemaVersion": 2, "manifests": [manifest]])))

        let members = try customerRamdisk(image: layout, folder: folder)
        let names = members.map(\.name)
        XCTAssertEqual(Array(names.prefix(10)), ["rootfs", "rootfs/etc", "rootfs/etc/b", "rootfs/opt", "rootfs/opt/new", "rootfs/usr",
                                                 "rootfs/usr/bin", "rootfs/usr/bin/tool", "rootfs/usr/sbin", "rootfs/usr/sbin/tool-link"])
        XCTAssertFalse(names.contains("rootfs/etc/a"), "whiteout .wh.a removes etc/a")
        XCTAssertFalse(names.contains { $0.hasPrefix("rootfs/opt/old") }, "opaque whiteout empties opt")
        let byName = Dictionary(members.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(byName["rootfs/etc/b"]?.data, Array("b2".utf8))
        XCTAssertEqual(byName["rootfs/etc/b"].map { [$0.mode, $0.uid, $0.gid] }, [0o100640, 1000, 1001])
        XCTAssertEqual(byName["rootfs/usr/sbin/tool-link"]?.mode, 0o120644)
        XCTAssertEqual(byName["rootfs/usr/sbin/tool-link"]?.data, Array("../bin/tool".utf8), "hard links become relative symlinks")
        XCTAssertEqual(byName["cmd"]?.data, Array("/usr/bin/tool\n".utf8), "Entrypoint is used when Cmd is absent")
        XCTAssertEqual(byName["env"]?.data, Array("PATH=/usr/bin\nEXTRA=1\n".utf8))
    }

    func testDamagedLayerBlobIsRejectedByDigest() throws {
        let folder = try TemporaryFolder()
        let layer = Independent.tar([.init(name: "f", data: [1])])
        let digest = Independent.hex(Array(SHA256.hash(data: layer)))
        try folder.write("layout/blobs/sha256/" + digest, layer + [0])
        let config = Array(#"{"config":{"Cmd":["/f"]}}"#.utf8)
        let configDigest = Independent.hex(Array(SHA256.hash(data: config)))
        try folder.write("layout/blobs/sha256/" + configDigest, config)
        let manifest = Array(#"{"schemaVersion":2,"config":{"digest":"sha256:\#(configDigest)"},"layers":[{"digest":"sha256:\#(digest)"}]}"#.utf8)
        let manifestDigest = Independent.hex(Array(SHA256.hash(data: manifest)))
        try folder.write("layout/blobs/sha256/" + manifestDigest, manifest)
        try folder.write("layout/index.json", Array(#"{"schemaVersion":2,"manifests":[{"digest":"sha256:\#(manifestDigest)"}]}"#.utf8))
        XCTAssertThrowsError(try OCIImage.open(path: folder.path + "/layout", architecture: .x86_64)) { error in
            XCTAssertTrue("\(error)".contains("blob sha256:\(digest) is damaged"), "\(error)")
        }
    }
}
