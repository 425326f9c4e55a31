import EIF
import Foundation

/// `nitroforge-bench eif --ramdisk FILE [--output FILE]`: writes an EIF whose customer ramdisk is FILE
/// (with an 8 MiB kernel and a 1 MiB bootstrap ramdisk of made-up bytes), computing the CRC and PCRs on
/// the way, then reads it back as `describe-eif` does (CRC and PCRs again, no writing), and prints both
/// times and the PCRs. `scripts/bench-eif.sh` runs it beside `openssl dgst -sha384`.
enum EIFBenchmark {
    static func run(_ arguments: [String]) async throws {
        var ramdisk: String?
        var output: String?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--ramdisk": ramdisk = iterator.next()
            case "--output": output = iterator.next()
            default: throw BenchmarkError("eif: unknown argument \(argument); usage: eif --ramdisk FILE [--output FILE]")
            }
        }
        guard let ramdisk else { throw BenchmarkError("eif: --ramdisk FILE is required") }
        let folder = NSTemporaryDirectory() + "nitroforge-bench-eif-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let kernel = folder + "/bzImage"
        let bootstrap = folder + "/bootstrap-initrd.img"
        try Data((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 11) }).write(to: URL(fileURLWithPath: kernel))
        try Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 40_503 >> 5) }).write(to: URL(fileURLWithPath: bootstrap))
        let contents = EIFContents(
            architecture: .x86_64, kernel: .file(path: kernel),
            cmdline: Array("reboot=k panic=30 pci=off nomodules console=ttyS0 random.trust_cpu=on".utf8),
            metadata: EIFMetadata(imageName: "bench", imageVersion: "latest", kernelVersion: "unknown", imageInfo: .null),
            ramdisks: [.file(path: bootstrap), .file(path: ramdisk)]
        )
        let destination = output ?? folder + "/bench.eif"
        let clock = ContinuousClock()
        var written: EIFWriteResult?
        let writing = seconds(try clock.measure { written = try EIFWriter().write(contents, to: destination) })
        var image: EIFImage?
        let reading = seconds(try clock.measure { image = try EIFReader().read(path: destination) })
        guard let result = written, image?.measurements == result.measurements else {
            throw BenchmarkError("eif: the reader's PCRs differ from the writer's")
        }
        print(String(format: "write: %lld bytes in %.3f s (%.0f MiB/s)", result.size, writing, Double(result.size) / writing / 1_048_576))
        print(String(format: "verify: %.3f s (%.0f MiB/s)", reading, Double(result.size) / reading / 1_048_576))
        print("PCR0 \(result.measurements.pcr0.hex)")
        print("PCR1 \(result.measurements.pcr1.hex)")
        print("PCR2 \(result.measurements.pcr2.hex)")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
