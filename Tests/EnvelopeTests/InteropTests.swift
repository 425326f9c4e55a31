import AWSCore
import AWSKMS
@testable import Envelope
import Foundation
import NIOCore
import XCTest

/// Interoperability with the AWS Encryption SDK CLI (`aws-encryption-cli`, the Python ESDK) both ways,
/// through KMS on moto_server: files of 0 and 1 bytes, one frame, one frame plus one byte and 64 MiB, with
/// and without signatures, with an encryption context.
final class InteropTests: XCTestCase {
    private struct Environment {
        let motoURL: String
        let tools: String
        let variables: [String: String]
    }

    private func environment() throws -> Environment {
        let process = ProcessInfo.processInfo.environment
        guard let moto = process["NITROFORGE_MOTO_URL"], let tools = process["NITROFORGE_TOOLS"] else {
            XCTFail("NITROFORGE_MOTO_URL and NITROFORGE_TOOLS are not set: run scripts/test.sh")
            throw XCTSkip("no test environment")
        }
        let variables = [
            "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_KMS": moto,
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
            "PATH": process["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        ]
        return Environment(motoURL: moto, tools: tools, variables: variables)
    }

    private func kms(_ environment: Environment) throws -> KMSClient {
        try KMSClient.fromEnvironment(AWSEnvironment(environment.variables))
    }

    /// Runs a tool, failing the test with its standard error when it exits non-zero.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], environment: Environment) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.variables
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EnvelopeError(.invalidArgument, "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("envelope-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func randomFile(_ url: URL, size: Int) throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: size)
        for index in stride(from: 0, to: size, by: 8) {
            let word = generator.next() as UInt64
            for offset in 0..<min(8, size - index) { bytes[index + offset] = UInt8(truncatingIfNeeded: word >> (offset * 8)) }
        }
        try Data(bytes).write(to: url)
    }

    func testMessagesInteroperateWithTheESDKCLIBothWays() async throws {
        let environment = try environment()
        let kms = try kms(environment)
        let key = try await kms.createKey().keyMetadata.arn
        let cli = environment.tools + "/aws-encryption-cli"
        let frame = 1 << 20
        let sizes = ["empty": 0, "one-byte": 1, "one-frame": frame, "one-frame-plus-one": frame + 1, "64-mib": 64 << 20]
        let context = ["purpose": "interop", "nitroforge:job": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"]
        let directory = try temporaryDirectory()
        let plain = directory.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        for (name, size) in sizes { try randomFile(plain.appendingPathComponent(name), size: size) }

        // nitroforge encrypts (both suites), the CLI decrypts.
        let ours = directory.appendingPathComponent("ours")
        try FileManager.default.createDirectory(at: ours, withIntermediateDirectories: true)
        let client = EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [key]))
        for suite in [AlgorithmSuite.aes256GCMHKDFSHA512CommitKey, .aes256GCMHKDFSHA512CommitKeyECDSAP384] {
            var options = EncryptOptions()
            options.suite = suite
            options.encryptionContext = context
            for name in sizes.keys {
                let summary = try await FileEncryption.encrypt(
                    client: client, input: plain.appendingPathComponent(name).path,
                    output: ours.appendingPathComponent("\(name).\(String(suite.id, radix: 16))").path, options: options)
                XCTAssertEqual(summary.plaintextBytes, Int64(sizes[name]!))
            }
        }
        let theirsDecrypted = directory.appendingPathComponent("cli-decrypted")
        try FileManager.default.createDirectory(at: theirsDecrypted, withIntermediateDirectories: true)
        try run(cli, [
            "--decrypt", "--input", ours.path, "--recursive", "--output", theirsDecrypted.path, "--suffix", "",
            "--wrapping-keys", "key=\(key)", "--commitment-policy", "require-encrypt-require-decrypt",
            "--encryption-context"] + context.map { "\($0.key)=\($0.value)" } + ["--max-encrypted-data-keys", "1", "-S"],
            environment: environment)
        for name in sizes.keys {
            for suffix in ["478", "578"] {
                let decrypted = try Data(contentsOf: theirsDecrypted.appendingPathComponent("\(name).\(suffix)"))
                XCTAssertEqual(decrypted, try Data(contentsOf: plain.appendingPathComponent(name)), "CLI decrypting our \(name) 0x0\(suffix)")
            }
        }

        // The CLI encrypts (its default suite 0x0578 with 4 KiB frames, and 0x0478 with 1 MiB frames), nitroforge decrypts.
        for (label, arguments) in [
            ("default", [String]()),
            ("0478", ["--algorithm", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "--frame-length", "1048576"]),
        ] {
            let theirs = directory.appendingPathComponent("cli-\(label)")
            try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
            try run(cli, [
                "--encrypt", "--input", plain.path, "--recursive", "--output", theirs.path, "--suffix", "",
                "--wrapping-keys", "key=\(key)", "--encryption-context"] + context.map { "\($0.key)=\($0.value)" } + arguments + ["-S"],
                environment: environment)
            for (name, size) in sizes {
                let message = theirs.appendingPathComponent(name)
                let decrypted = directory.appendingPathComponent("ours-\(label)-\(name)")
                var options = DecryptOptions()
                options.encryptionContext = context
                let summary = try await FileEncryption.decrypt(client: client, input: message.path, output: decrypted.path, options: options)
                XCTAssertEqual(summary.suiteID, label == "default" ? "0x0578" : "0x0478")
                XCTAssertEqual(summary.frameLength, label == "default" ? 4096 : frame)
                XCTAssertEqual(summary.plaintextBytes, Int64(size))
                XCTAssertEqual(try Data(contentsOf: decrypted), try Data(contentsOf: plain.appendingPathComponent(name)), "decrypting the CLI's \(label) \(name)")
            }
        }
        print("interop: \(sizes.count * 2) messages of ours decrypted by aws-encryption-cli, \(sizes.count * 2) of its messages (0x0578 default, 0x0478) decrypted by us")
    }
}
