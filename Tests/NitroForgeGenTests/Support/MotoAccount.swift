import Foundation
import NitroDev
import XCTest

/// A `moto_server` of this test's own on a free loopback port, standing in for the spec's AWS account, and
/// Fixtures/moto_account.py, which prepares and reads it with boto3. Shared by concurrent workers: its
/// state is set once in init.
final class MotoAccount: @unchecked Sendable {
    let endpoint: String
    let accountId: String
    private let process: Process
    private let python: String
    private let script: String

    /// Starts moto_server with `MOTO_ACCOUNT_ID = accountId` (so the provider's `allowed_account_ids` holds)
    /// and AWS managed policies loaded (the roles attach AmazonSSMManagedInstanceCore); waits up to 20 s.
    init(accountId: String) throws {
        let moto = try TestEnvironment.tool("moto_server")
        python = try TestEnvironment.tool("python")
        script = try XCTUnwrap(Bundle.module.url(forResource: "moto_account", withExtension: "py", subdirectory: "Fixtures")).path
        self.accountId = accountId
        let port = try LoopbackPort.unused()
        endpoint = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: moto)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["MOTO_ACCOUNT_ID"] = accountId
        environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<150 {
            if LoopbackPort.isListening(port) { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw TerraformFailure("moto_server on \(endpoint) did not accept connections within 30 s")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// Runs `moto_account.py COMMAND ENDPOINT REGION ARGUMENTS...` and decodes the JSON it prints.
    func call(_ command: String, region: String, _ arguments: [String] = []) throws -> [String: Any] {
        let run = try TestEnvironment.run(python, [script, command, endpoint, region] + arguments)
        guard run.status == 0, let start = run.output.firstIndex(of: "{"),
              let object = try JSONSerialization.jsonObject(with: Data(run.output[start...].utf8)) as? [String: Any] else {
            throw TerraformFailure("moto_account.py \(command) \(region) failed (status \(run.status)):\n\(run.output.suffix(3000))")
        }
        return object
    }



}
