import AWSCore
import ArgumentParser
import AsyncHTTPClient
import ConsumerEnclave
import Foundation
import JobProtocol
import Logging
import NitroDev
import NitroFormats

/// nitroforge-enclave-dev: the enclave agent's own code on an ordinary machine, with the NSM emulator
/// (signing under a development root) in place of /dev/nsm, TCP in place of vsock and the development KMS
/// in place of KMS. A separate executable so that the emulator is never linked into `nitroforge-enclave`.
@main
struct EnclaveDevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nitroforge-enclave-dev",
        abstract: "Run the enclave agent outside an enclave, for development (never in production).",
        discussion: """
            The attestation documents it makes are signed by the development root in --dev-root, which only \
            `nitroforge dev kms` trusts; real KMS refuses them. PCR0 is --pcr0, or PCR0 of --measurements \
            (the build/measurements.json that build-eif writes), so the key policies' conditions apply as \
            they would to the real image.

            EXAMPLE:
              nitroforge-enclave-dev --config terraform-out/enclave/enclave.json --dev-root .nitroforge/dev-root \\
                --measurements build/measurements.json --listen tcp:127.0.0.1:5005 --logs tcp:127.0.0.1:5006 \\
                --kms-endpoint http://127.0.0.1:4600
            """)

    @Option(help: "The enclave configuration (enclave.json).") var config: String
    @Option(name: .customLong("dev-root"), help: "Folder of the development root (root.pem, root-key.pem), created when absent.")
    var devRoot: String
    @Option(help: "PCR0 the emulator reports, 96 hex digits.") var pcr0: String?
    @Option(help: "measurements.json of the image (its Measurements.PCR0 is reported).") var measurements: String?
    @Option(help: "Where to serve jobs, tcp:HOST:PORT.") var listen: String = "tcp:127.0.0.1:5005"
    @Option(help: "Where the host agent takes log records, tcp:HOST:PORT.") var logs: String?
    @Option(name: .customLong("kms-endpoint"), help: "URL of the development KMS.") var kmsEndpoint: String
    @Flag(name: .customLong("drop-privileges"),
          help: "Run processors as the configuration's unprivileged user, as in an enclave (needs root and that user).")
    var dropPrivileges = false

    func run() async throws {
        let configuration: EnclaveConfiguration
        do { configuration = try EnclaveConfiguration.load(path: config) } catch { throw ValidationError("\(error)") }
        guard let jobs = EnclaveAddress(listen) else { throw ValidationError("--listen \(listen): give tcp:HOST:PORT") }
        let logsAddress = try logs.map { text -> EnclaveAddress in
            guard let address = EnclaveAddress(text) else { throw ValidationError("--logs \(text): give tcp:HOST:PORT") }
            return address
        }
        let pcr0 = try reportedPCR0()
        let ca: DevelopmentCA
        do { ca = try DevelopmentCA.shared(in: URL(fileURLWithPath: devRoot)) } catch { throw ValidationError("--dev-root \(devRoot): \(error)") }
        let sink = EnclaveLogSink()
        LoggingSystem.bootstrap { sink.handler(label: $0) }
        let logger = Logger(label: "nitroforge-enclave-dev")
        logger.notice("development enclave: NSM emulator", metadata: ["pcr0": "\(Hex.encode(pcr0))"])
        let runtime = EnclaveRuntime(configuration: configuration, environment: .init(
            nsm: NSMEmulator(ca: ca, pcrs: [0: pcr0]), jobsAddress: jobs, logsAddress: logsAddress,
            kmsEndpoint: try AWSEndpoint(url: kmsEndpoint), kmsHTTPClient: .aws, dropsPrivileges: dropPrivileges))
        try await TerminationSignals.cancelling {
            try await runtime.run(sink: sink, logger: logger) { port in
                FileHandle.standardError.write(Data("nitroforge-enclave-dev: listening on \(jobs) port \(port.map(String.init) ?? "-")\n".utf8))
            }
        }
        logger.notice("stopped")
    }

    private func reportedPCR0() throws -> [UInt8] {
        if let pcr0 {
            guard let bytes = Hex.decode(pcr0), bytes.count == 48 else { throw ValidationError("--pcr0: give 96 hex digits") }
            return bytes
        }
        guard let measurements else { throw ValidationError("give --pcr0 HEX or --measurements FILE") }
        guard let data = FileManager.default.contents(atPath: measurements),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let values = object["Measurements"] as? [String: Any], let text = values["PCR0"] as? String,
              let bytes = Hex.decode(text), bytes.count == 48
        else { throw ValidationError("--measurements \(measurements): no Measurements.PCR0 of 96 hex digits") }
        return bytes
    }
}
