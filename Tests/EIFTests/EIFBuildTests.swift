import Foundation
import XCTest

@testable import EIF

final class EIFBuildTests: XCTestCase {
    private func buildFromRootfs(_ folder: TemporaryFolder, blobs: SyntheticBlobs, rootfs: String, output: String) throws -> EIFBuildResult {
        let request = EIFBuildRequest(architecture: .x86_64, blobs: blobs.blobs, image: .rootfs(path: rootfs),
                                      command: ["/app/run", "--flag"], environment: ["A=1", "B=two words"], outputPath: output)
        return try EIFBuilder().build(request)
    }

    func testBuiltEIFParsesWithRightCRCAndPCRsComputedDirectlyFromTheSectionBytes() throws {
        let folder = try TemporaryFolder()
        let blobs = try SyntheticBlobs(in: folder)
        try folder.write("rootfs/app/run", Array("#!/bin/sh\necho hi\n".utf8), mode: 0o755)
        let output = folder.path + "/image.eif"
        let result = try buildFromRootfs(folder, blobs: blobs, rootfs: folder.path + "/rootfs", output: output)

        let eif = try readBytes(output)
        XCTAssertEqual(Array(eif[0..<4]), [0x2E, 0x65, 0x69, 0x66])
        XCTAssertEqual(Independent.bigEndian(eif, at: 4, as: UInt16.self), 4)
        XCTAssertEqual(Independent.bigEndian(eif, at: 544, as: UInt32.self), Independent.crc32(Array(eif[0..<544]) + Array(eif[548...])))
        let sections = Independent.sections(of: eif)
        XCTAssertEqual(sections.map(\.type), [1, 2, 5, 3, 3])
        XCTAssertEqual(sections[0].payload, blobs.kernel)
        XCTAssertEqual(sections[1].payload, blobs.cmdline, "cmdline is the blob trimmed, without NUL")
        let (kernel, cmdline, bootstrap, customer) = (sections[0].payload, sections[1].payload, sections[3].payload, sections[4].payload)
        XCTAssertEqual(result.measurements.pcr0.hex, Independent.pcr(kernel + cmdline + bootstrap + customer))
        XCTAssertEqual(result.measurements.pcr1.hex, Independent.pcr(kernel + cmdline + bootstrap))
        XCTAssertEqual(result.measurements.pcr2.hex, Independent.pcr(customer))
        XCTAssertNil(result.measurements.pcr8)
        XCTAssertEqual(result.eifSize, Int64(eif.count))

        let image = try EIFReader().read(path: output)
        XCTAssertEqual(image.measurements, result.measurements)
        let metadata = try JSONSerialization.jsonObject(with: Data(try image.payload(of: image.sections(of: .metadata)[0]))) as? [String: Any]
        XCTAssertEqual(metadata?.keys.sorted(), ["BuildMetadata", "CustomMetadata", "DockerInfo", "ImageName", "ImageVersion"])
        XCTAssertTrue(String(decoding: sections[2].payload, as: UTF8.self).hasPrefix(#"{"ImageName":"rootfs","ImageVersion":"latest","BuildMetadata":{"BuildTime":"2017-04-18T16:30:00+00:00""#))
    }

    func testBootstrapRamdiskIsByteIdenticalToTheLinuxkitEncoding() throws {
        let folder = try TemporaryFolder()
        let blobs = try SyntheticBlobs(in: folder)
        let path = folder.path + "/bootstrap.cpio"
        try RamdiskBuilder().writeBootstrap(initPath: blobs.blobs.initBinary, nsmPath: blobs.blobs.nsmModule, to: path)
        let golden = Independent.newc([
            .init(name: "dev", ino: 721, mode: 0o040755, nlink: 2),
            .init(name: "init", ino: 722, mode: 0o100755, nlink: 1, data: blobs.initBinary),
            .init(name: "nsm.ko", ino: 723, mode: 0o100755, nlink: 1, data: blobs.nsmModule),
        ])
        XCTAssertEqual(try readBytes(path), golden)
        XCTAssertEqual(golden.count % 512, 0)
    }

    func testRootfsEntriesGetRootOwnerPermissionBitsFixedTimesAndCmdEnvFiles() throws {
        let folder = try TemporaryFolder()
        let blobs = try SyntheticBlobs(in: folder)
        try folder.write("rootfs/app/run", Array("run".utf8), mode: 0o4750)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/rootfs/app/link", withDestinationPath: "run")
        let output = folder.path + "/image.eif"
        _ = try buildFromRootfs(folder, blobs: blobs, rootfs: folder.path + "/rootfs", output: output)
        let customer = Independent.parseNewc(Independent.sections(of: try readBytes(output))[4].payload)
        XCTAssertEqual(customer.map(\.name), ["rootfs", "rootfs/app", "rootfs/app/link", "rootfs/app/run",
                                              "rootfs/dev", "rootfs/run", "rootfs/sys", "rootfs/var", "rootfs/proc", "rootfs/tmp",
                                              "cmd", "env"])
        XCTAssertEqual(customer.map(\.ino), Array(721..<733))
        XCTAssertTrue(customer.allSatisfy { $0.uid == 0 && $0.gid == 0 && $0.mtime == 1_492_533_000 })
        let byName = Dictionary(uniqueKeysWithValues: customer.map { ($0.name, $0) })
        XCTAssertEqual(byName["rootfs/app/run"]?.mode, 0o104750)
        XCTAssertEqual(byName["rootfs/app/link"]?.mode, 0o120777)
        XCTAssertEqual(byName["rootfs/app/link"]?.data, Array("run".utf8))
        XCTAssertEqual(byName["cmd"]?.data, Array("/app/run\n--flag\n".utf8))
        XCTAssertEqual(byName["env"]?.data, Array("A=1\nB=two words\n".utf8))
        XCTAssertEqual(byName["cmd"]?.mode, 0o100644)
    }

    func testSameInputsGiveIdenticalBytesWhateverFileOrderAndTimes() throws {
        let folder = try TemporaryFolder()
        let blobs = try SyntheticBlobs(in: folder)
        let files: [(String, String, Int)] = [("bin/tool", "tool", 0o755), ("etc/conf", "a=1", 0o600), ("data/z", "zz", 0o644), ("data/a", "aa", 0o640)]
        for (path, text, mode) in files {
            try folder.write("one/" + path, Array(text.utf8), mode: mode)
        }
        for (path, text, mode) in files.reversed() {
            try folder.write("two/" + path, Array(text.utf8), mode: mode)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_234_567)], ofItemAtPath: folder.path + "/two/" + path)
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 999)], ofItemAtPath: folder.path + "/two/data")
        let first = try buildFromRootfs(folder, blobs: blobs, rootfs: folder.path + "/one", output: folder.path + "/one.eif")
        let second = try buildFromRootfs(folder, blobs: blobs, rootfs: folder.path + "/two", output: folder.path + "/two.eif")
        XCTAssertEqual(try readBytes(folder.path + "/one.eif"), try readBytes(folder.path + "/two.eif"))
        XCTAssertEqual(first.measurements, second.measurements)
    }

    func testMissingBlobIsNamedAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        let blobs = try SyntheticBlobs(in: folder)
        try FileManager.default.removeItem(atPath: blobs.blobs.nsmModule)
        try folder.write("rootfs/x", [1])
        let output = folder.path + "/out/image.eif"
        try FileManager.default.createDirectory(atPath: folder.path + "/out", withIntermediateDirectories: true)
        XCTAssertThrowsError(try buildFromRootfs(folder, blobs: blobs, rootfs: folder.path + "/rootfs", output: output)) { error in
            XCTAssertTrue("\(error)".contains("nsm.ko blob"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/out"), [])
    }
}

/// An image whose entrypoint is the nitroforge enclave agent must carry glibc's loader: the agent cannot
/// run on a musl image, and the build says so instead of producing an enclave that cannot start.
final class AgentBaseImageTests: XCTestCase {
    private func build(_ folder: TemporaryFolder, command: [String]) throws -> EIFBuildResult {
        let blobs = try SyntheticBlobs(in: folder)
        let request = EIFBuildRequest(architecture: .x86_64, blobs: blobs.blobs, image: .rootfs(path: folder.path + "/rootfs"),
                                      command: command, environment: [], outputPath: folder.path + "/image.eif")
        return try EIFBuilder().build(request)
    }

    func testAnAgentImageWithoutGlibcIsRefusedNamingWhatIsMissing() throws {
        let folder = try TemporaryFolder()
        try folder.write("rootfs/usr/local/bin/nitroforge-enclave", [0x7F, 0x45, 0x4C, 0x46], mode: 0o755)
        try folder.write("rootfs/lib/ld-musl-x86_64.so.1", [1], mode: 0o755)
        XCTAssertThrowsError(try build(folder, command: ["/usr/local/bin/nitroforge-enclave", "--config", "/etc/nitroforge/enclave.json"])) { error in
            XCTAssertTrue("\(error)".contains("glibc"), "\(error)")
            XCTAssertTrue("\(error)".contains("/lib64/ld-linux-x86-64.so.2"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/image.eif"))
    }

    func testAnAgentImageWithGlibcOrAnImageWithoutTheAgentBuilds() throws {
        let glibc = try TemporaryFolder()
        try glibc.write("rootfs/usr/local/bin/nitroforge-enclave", [0x7F, 0x45, 0x4C, 0x46], mode: 0o755)
        try glibc.write("rootfs/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", [1], mode: 0o755)
        XCTAssertNoThrow(try build(glibc, command: ["/usr/local/bin/nitroforge-enclave"]))

        let other = try TemporaryFolder()
        try other.write("rootfs/app/run", [1], mode: 0o755)
        XCTAssertNoThrow(try build(other, command: ["/app/run"]))
    }
}
