import JobProtocol
import NIOCore
import XCTest

/// The host↔enclave framing: every frame survives the trip through the wire form, whatever the chunking;
/// lengths over a type's limit are refused from the header alone; random and mutated bytes never crash the
/// decoder, never make it hold more than one frame, and every frame it returns survives re-encoding.
final class JobFrameTests: XCTestCase {
    static let request = JobRequest(
        purpose: .job, jobID: "0192f0c4-7a9b-7cde-8f01-23456789abcd", ciphertextBytes: 123_456,
        credentials: JobCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret/with+chars", sessionToken: "token=="),
        expectedContext: ["nitroforge:app": "fraud-scoring", "nitroforge:job": "0192f0c4-7a9b-7cde-8f01-23456789abcd", "é": "ü"])

    static let samples: [JobFrame] = [
        .request(request),
        .request(JobRequest(purpose: .model, jobID: "model", ciphertextBytes: 0,
                            credentials: JobCredentials(accessKeyID: "AKIA", secretAccessKey: "s"))),
        .data(ByteBuffer(bytes: (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) })),
        .data(ByteBuffer()),
        .end,
        .heartbeat,
        .failure(JobFailure(.refusedInput, "nitroforge:job is not the job the host named")),
        .log(ByteBuffer(string: #"{"level":"info","message":"job done"}"#)),
    ]

    func wire(_ frames: [JobFrame]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames { frame.write(to: &buffer) }
        return buffer
    }

    func testEveryFrameRoundTripsWholeAndByteByByte() throws {
        let bytes = wire(Self.samples)
        var whole = bytes
        var decoded: [JobFrame] = []
        let decoder = JobFrameDecoder()
        while let frame = try decoder.next(from: &whole) { decoded.append(frame) }
        XCTAssertEqual(decoded, Self.samples)
        XCTAssertEqual(whole.readableBytes, 0)

        var trickle = ByteBuffer()
        decoded = []
        for byte in bytes.readableBytesView {
            trickle.writeInteger(byte)
            while let frame = try decoder.next(from: &trickle) { decoded.append(frame) }
        }
        XCTAssertEqual(decoded, Self.samples)
    }

    func testTheWireFormIsVersionTypeLengthPayload() throws {
        let bytes = Array(wire([.heartbeat, .data(ByteBuffer(bytes: [9, 8, 7]))]).readableBytesView)
        XCTAssertEqual(bytes, [1, 4, 0, 0, 0, 0, 1, 2, 0, 0, 0, 3, 9, 8, 7])
    }

    func testLengthsOverTheLimitAreRefusedBeforeThePayloadArrives() {
        let decoder = JobFrameDecoder()
        for (kind, limit) in [(JobFrame.Kind.data, 1 << 20), (.request, 64 << 10), (.log, 16 << 10), (.failure, 4 << 10), (.end, 0), (.heartbeat, 0)] {
            var header = ByteBuffer(bytes: [1, kind.rawValue])
            header.writeInteger(UInt32(limit + 1))
            XCTAssertThrowsError(try decoder.next(from: &header)) { error in
                XCTAssertEqual(error as? JobFrameError, .payloadTooLarge(kind, bytes: UInt32(limit + 1), limit: limit))
            }
        }
        var huge = ByteBuffer(bytes: [1, 2, 0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertThrowsError(try decoder.next(from: &huge))
    }

    func testVersionTypeAndPayloadErrorsNameWhatIsWrong() {
        let decoder = JobFrameDecoder()
        var version = ByteBuffer(bytes: [2, 4, 0, 0, 0, 0])
        XCTAssertThrowsError(try decoder.next(from: &version)) { XCTAssertEqual($0 as? JobFrameError, .unsupportedVersion(2)) }
        var type = ByteBuffer(bytes: [1, 99, 0, 0, 0, 0])
        XCTAssertThrowsError(try decoder.next(from: &type)) { XCTAssertEqual($0 as? JobFrameError, .unknownType(99)) }
        var extra = ByteBuffer(bytes: [1, 5, 0, 0, 0, 5, 0, 2, 0, 0, 9])
        XCTAssertThrowsError(try decoder.next(from: &extra)) {
            XCTAssertEqual($0 as? JobFrameError, .malformedPayload(.failure, field: "payload", reason: "1 bytes after the last field"))
        }
        var code = ByteBuffer(bytes: [1, 5, 0, 0, 0, 4, 0, 77, 0, 0])
        XCTAssertThrowsError(try decoder.next(from: &code)) {
            XCTAssertEqual($0 as? JobFrameError, .malformedPayload(.failure, field: "code", reason: "unknown code 77"))
        }
        // A request whose context names one key twice.
        var payload = ByteBuffer(bytes: [1])
        for text in ["job", ""] { payload.writeInteger(UInt16(text.utf8.count)); payload.writeString(text) }
        payload.writeInteger(UInt64(0))
        for text in ["", ""] { payload.writeInteger(UInt16(text.utf8.count)); payload.writeString(text) }
        payload.writeInteger(UInt16(2))
        for text in ["k", "a", "k", "b"] { payload.writeInteger(UInt16(text.utf8.count)); payload.writeString(text) }
        var twice = ByteBuffer(bytes: [1, 1])
        twice.writeInteger(UInt32(payload.readableBytes))
        twice.writeBuffer(&payload)
        XCTAssertThrowsError(try decoder.next(from: &twice)) { error in
            guard case .malformedPayload(.request, let field, _) = error as? JobFrameError else { return XCTFail("\(error)") }
            XCTAssertTrue(field == "expectedContext key" || field == "expectedContext", field)
        }
        var truncated = ByteBuffer(bytes: [1, 2, 0, 0, 0, 9, 1, 2])
        var stepper = JobFrameDecoder()
        XCTAssertThrowsError(try stepper.decodeLast(buffer: &truncated, seenEOF: true)) {
            XCTAssertEqual($0 as? JobFrameError, .truncated(bufferedBytes: 8))
        }
    }

    func testCredentialsNeverAppearInDescriptions() {
        let text = "\(Self.request) \(JobFrame.request(Self.request))"
        XCTAssertFalse(text.contains("secret/with+chars"), text)
        XCTAssertFalse(text.contains("token=="), text)
    }

    /// 30,000 random and mutated inputs, fed in random chunks: no crash, no frame over its limit, no bytes
    /// consumed beyond a returned frame, and every returned frame re-encodes to a frame equal to itself.
    func testRandomAndMutatedFramesNeverCrashAndRoundTrip() {
        var random = JobMessagePropertyTests.SplitMix64(state: 0x6672_616D_6573_0001)
        let decoder = JobFrameDecoder()
        let valid = Array(wire(Self.samples).readableBytesView)
        var accepted = 0
        for round in 0..<30_000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                if round % 2 == 0, !bytes.isEmpty { bytes[0] = 1 }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes.remove(at: position)
                    default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                    }
                }
            }
            var buffer = ByteBuffer()
            var offset = 0
            feeding: while offset < bytes.count {
                let step = Int.random(in: 1...max(1, bytes.count - offset), using: &random)
                buffer.writeBytes(bytes[offset..<(offset + step)])
                offset += step
                while true {
                    let before = buffer
                    let frame: JobFrame?
                    do { frame = try decoder.next(from: &buffer) } catch { break feeding }
                    guard let frame else { break }
                    accepted += 1
                    let consumed = buffer.readerIndex - before.readerIndex
                    XCTAssertEqual(consumed, 6 + Int(before.getInteger(at: before.readerIndex + 2, as: UInt32.self)!), "round \(round)")
                    var again = wire([frame])
                    XCTAssertEqual(try? decoder.next(from: &again), frame, "round \(round)")
                    if case .data(let chunk) = frame { XCTAssertLessThanOrEqual(chunk.readableBytes, 1 << 20) }
                }
                XCTAssertLessThan(buffer.readableBytes, 6 + (1 << 20), "round \(round): more than one frame buffered")
            }
        }
        XCTAssertGreaterThan(accepted, 1000, "the mutations should leave many frames intact")
    }
}
