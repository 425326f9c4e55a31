import ConsumerHost
import AWSLogs
import Foundation
import JobProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import XCTest

/// The enclave's log records reach the host's JSON log stream marked as the enclave's; anything else is skipped.
final class EnclaveLogReceiverTests: XCTestCase {
    func testLogFramesBecomeJSONLinesMarkedEnclaveAndNonJSONIsSkipped() async throws {
        let output = NIOLockedValueBox<[String]>([])
        let hostLines = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "host-test") { label in
            JSONLineLogHandler(label: label, output: { line in hostLines.withLockedValue { $0.append(line) } })
        }
        let bound = NIOLockedValueBox<EnclaveAddress?>(nil)
        let receiver = EnclaveLogReceiver(address: .tcp(host: "127.0.0.1", port: 0),
                                          output: { line in output.withLockedValue { $0.append(line) } }, logger: logger,
                                          onListening: { address in bound.withLockedValue { $0 = address } })
        let group = ServiceGroup(configuration: .init(services: [.init(service: receiver)], logger: logger))
        let running = Task { try await group.run() }
        var address: EnclaveAddress?
        for _ in 0..<100 where address == nil {
            address = bound.withLockedValue { $0 }
            try await Task.sleep(for: .milliseconds(50))
        }
        let enclave = try await JobTransport().connect(to: try XCTUnwrap(address))
        try await enclave.executeThenClose { _, outbound in
            try await outbound.write(.log(ByteBuffer(string: #"{"level":"info","message":"job done","source":"host","ms":12}"#)))
            try await outbound.write(.log(ByteBuffer(string: "plain text, not JSON")))
            try await outbound.write(.log(ByteBuffer(string: #"["an","array"]"#)))
            try await outbound.write(.log(ByteBuffer(string: #"{"level":"warning","message":"second"}"#)))
        }
        var lines: [String] = []
        for _ in 0..<100 {
            lines = output.withLockedValue { $0 }
            if lines.count >= 2 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        await group.triggerGracefulShutdown()
        try await running.value

        XCTAssertEqual(lines, [
            #"{"level":"info","message":"job done","ms":12,"source":"enclave"}"#,
            #"{"level":"warning","message":"second","source":"enclave"}"#,
        ], "the host sets source itself, over what the enclave wrote")
        let skipped = hostLines.withLockedValue { $0.filter { $0.contains("enclave log record skipped") } }
        XCTAssertEqual(skipped.count, 2)
        XCTAssertFalse(skipped.contains { $0.contains("plain text") }, "a skipped record's content is not logged")
    }
}
