import AWSCore
import AWSKMS
import Crypto
import Envelope
import Foundation
import NitroDev
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The third figure of `nitroforge-bench envelope`: `nitroforge decrypt` file to file against
/// `aws-encryption-cli --decrypt` on the same 0x0478 message (1 MiB frames), wall-clock time of each
/// process, best of three. Both open the data key through KMS on a `moto_server` this benchmark starts
/// on 127.0.0.1 (`nitroforge decrypt` reads only KMS-wrapped keys), so both pay one local KMS call and
/// their start-up. The tools come from `NITROFORGE_TOOLS`, the package's `.tools/bin` or `PATH`
/// (`scripts/setup-tools.sh` installs them); `nitroforge` is the release build beside this executable.
/// Without any of them the figure is reported as skipped, with the reason.
enum FileDecryptBenchmark {
    static func run(plaintext: ByteBuffer) async throws {
        let mebibytes = plaintext.readableBytes >> 20
        let label = "nitroforge decrypt vs aws-encryption-cli --decrypt, file to file, \(mebibytes) MiB"
        let executables = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
        guard let nitroforge = executables?.appendingPathComponent("nitroforge"),
              FileManager.default.isExecutableFile(atPath: nitroforge.path) else {
            print("\(label): skipped, no nitroforge beside this executable (swift build -c release --product nitroforge)")
            return
        }
        guard let cli = tool("aws-encryption-cli", executables: executables), let motoServer = tool("moto_server", executables: executables) else {
            print("\(label): skipped, aws-encryption-cli or moto_server not found (scripts/setup-tools.sh installs them)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nitroforge-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let moto = try LocalMoto(executable: motoServer)
        defer { moto.stop() }
        let environment = [
            "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_KMS": moto.url,
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
        ]
        let kms = try KMSClient.fromEnvironment(AWSEnvironment(environment))
        let key = try await kms.createKey().keyMetadata.arn

        let plain = directory.appendingPathComponent("plaintext")
        try plaintext.withUnsafeReadableBytes { try Data($0).write(to: plain) }
        let message = directory.appendingPathComponent("message.esdk")
        var options = EncryptOptions()
        options.suite = .aes256GCMHKDFSHA512CommitKey
        options.frameLength = 1 << 20
        _ = try await FileEncryption.encrypt(
            client: EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [key])), input: plain.path, output: message.path, options: options)
        let expected = plaintext.withUnsafeReadableBytes { Data(SHA256.hash(data: $0)) }

        let ours = directory.appendingPathComponent("nitroforge.out")
        let theirs = directory.appendingPathComponent("cli.out")
        let oursSeconds = try bestOfThree(output: ours, expected: expected) {
            try run(nitroforge.path, ["decrypt", "--in", message.path, "--out", ours.path, "--key-id", key], environment: environment)
        }
        let theirsSeconds = try bestOfThree(output: theirs, expected: expected) {
            try run(cli, [
                "--decrypt", "--input", message.path, "--output", theirs.path, "--wrapping-keys", "key=\(key)",
                "--commitment-policy", "require-encrypt-require-decrypt", "--max-encrypted-data-keys", "1", "-S",
            ], environment: environment)
        }
        let bytes = Double(plaintext.readableBytes)
        print("\(label) (0x0478, 1 MiB frames, KMS on a local moto_server), best of 3 wall-clock runs:")
        print(String(format: "nitroforge decrypt: %.2f s, %.0f MB/s; aws-encryption-cli --decrypt: %.2f s, %.0f MB/s; nitroforge %.1fx faster",
                     oursSeconds, bytes / oursSeconds / 1e6, theirsSeconds, bytes / theirsSeconds / 1e6, theirsSeconds / oursSeconds))
    }

    /// The fastest of three runs of `body`, each checked by the SHA-256 of what it wrote to `output`.
    private static func bestOfThree(output: URL, expected: Data, _ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            try? FileManager.default.removeItem(at: output)
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            guard let handle = FileHandle(forReadingAtPath: output.path) else { throw BenchmarkError("\(output.path) was not written") }
            defer { try? handle.close() }
            var hash = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
            guard Data(hash.finalize()) == expected else { throw BenchmarkError("\(output.path) is not the plaintext") }
        }
        return best
    }

    /// Runs a tool to its end, failing with its standard error when it exits non-zero.
    private static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("\(executable) exited \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))")
        }
    }

    /// `name` in `NITROFORGE_TOOLS`, in the package's `.tools/bin` (this executable is in
    /// `<package>/.build/<triple>/release`), or on `PATH`.
    private static func tool(_ name: String, executables: URL?) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var folders = [environment["NITROFORGE_TOOLS"]].compactMap { $0 }
        if let executables {
            folders.append(executables.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".tools/bin").path)
        }
        folders += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A `moto_server` on a free port of 127.0.0.1, for the benchmark's KMS calls; stopped with SIGKILL.
private final class LocalMoto {
    let url: String
    private let process: Process

    init(executable: String) throws {
        let port = try LoopbackPort.unused()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        url = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if LoopbackPort.isListening(port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw BenchmarkError("moto_server did not answer on \(url) within 20 s")
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

}
