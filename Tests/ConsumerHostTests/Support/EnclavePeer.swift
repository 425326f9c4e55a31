import JobProtocol
import NIOConcurrencyHelpers
import NIOCore

/// A protocol peer standing in for the enclave in the host's tests: it speaks the job framing on loopback TCP
/// and answers as each test needs. It is not the enclave (which is tested end to end elsewhere); it records
/// what the host sent so that tests can check the host moved exactly the object's bytes.
final class EnclavePeer: Sendable {
    enum Behaviour: Sendable {
        /// Heartbeat, then the input reversed as the result.
        case reverse
        /// Waits this long (with heartbeats each second) before answering like `reverse`.
        case slowReverse(seconds: Int)
        /// Answers with this failure after reading the input.
        case fail(JobFailure)
        /// Sends `bytes` of the input back as result data, then closes without `end`.
        case dieMidResult(afterBytes: Int)
        /// Answers the first job `unavailable` (as an enclave that lost its model), later ones like `reverse`.
        case unavailableOnce
    }

    struct Received: Sendable {
        var request: JobRequest?
        var data: [UInt8] = []
        var sawEnd = false
    }

    let address: EnclaveAddress
    private let server: NIOAsyncChannel<JobChannel, Never>
    private let received = NIOLockedValueBox<[Received]>([])
    private let task: Task<Void, Never>

    var connections: [Received] { received.withLockedValue { $0 } }

    /// Model requests are answered with `end` alone, except the first `failingModels`, answered with a failure.
    init(_ behaviour: Behaviour, failingModels: Int = 0) async throws {
        let server = try await JobTransport().listen(on: .tcp(host: "127.0.0.1", port: 0))
        self.server = server
        address = .tcp(host: "127.0.0.1", port: server.channel.localAddress!.port!)
        let received = self.received
        let counts = NIOLockedValueBox(Counts(modelFailuresLeft: failingModels))
        task = Task {
            try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { await Self.serve(connection, behaviour, counts: counts, into: received) }
                    }
                }
            }
        }
    }

    func stop() async {
        task.cancel()
        try? await server.channel.close()
        _ = await task.value
    }

    struct Counts: Sendable {
        var modelFailuresLeft: Int
        var jobs = 0
    }

    private static func serve(_ connection: JobChannel, _ behaviour: Behaviour, counts: NIOLockedValueBox<Counts>,
                              into log: NIOLockedValueBox<[Received]>) async {
        let index = log.withLockedValue { $0.append(Received()); return $0.count - 1 }
        try? await connection.executeThenClose { inbound, outbound in
            var input: [UInt8] = []
            for try await frame in inbound {
                switch frame {
                case .request(let request): log.withLockedValue { $0[index].request = request }
                case .data(let chunk):
                    input += chunk.readableBytesView
                    log.withLockedValue { $0[index].data += chunk.readableBytesView }
                case .end:
                    log.withLockedValue { $0[index].sawEnd = true }
                default: break
                }
                if case .end = frame { break }
            }
            try await outbound.write(.heartbeat)
            if log.withLockedValue({ $0[index].request?.purpose }) == .model {
                let fail = counts.withLockedValue { counts in
                    defer { counts.modelFailuresLeft -= 1 }
                    return counts.modelFailuresLeft > 0
                }
                try await outbound.write(fail ? .failure(JobFailure(.kms, "KMS is unreachable")) : .end)
                return
            }
            let job = counts.withLockedValue { counts in
                counts.jobs += 1
                return counts.jobs
            }
            switch behaviour {
            case .reverse:
                try await sendResult(Array(input.reversed()), to: outbound)
            case .slowReverse(let seconds):
                for _ in 0..<seconds {
                    try await Task.sleep(for: .seconds(1))
                    try await outbound.write(.heartbeat)
                }
                try await sendResult(Array(input.reversed()), to: outbound)
            case .fail(let failure):
                try await outbound.write(.failure(failure))
            case .unavailableOnce:
                if job == 1 {
                    try await outbound.write(.failure(JobFailure(.unavailable, "the model has not arrived")))
                } else {
                    try await sendResult(Array(input.reversed()), to: outbound)
                }
            case .dieMidResult(let bytes):
                var offset = 0
                while offset < bytes {
                    let end = min(bytes, offset + JobFrameLimits.default.data)
                    try await outbound.write(.data(ByteBuffer(bytes: input[offset..<end])))
                    offset = end
                }
            }
        }
    }

    private static func sendResult(_ bytes: [UInt8], to outbound: NIOAsyncChannelOutboundWriter<JobFrame>) async throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + JobFrameLimits.default.data)
            try await outbound.write(.data(ByteBuffer(bytes: bytes[offset..<end])))
            offset = end
        }
        try await outbound.write(.end)
    }
}
