@testable import Envelope
import NIOCore
import NitroFormats
import XCTest

/// Every byte of a small message is authenticated: changing any one is rejected, and no plaintext of a
/// frame that fails (nor of any later frame) is ever handed out.
final class TamperTests: XCTestCase {
    private let frameLength = 16
    private let plaintext = TestKeyrings.bytes(40)

    private func message(_ suite: AlgorithmSuite, context: EncryptionContext = ["job": "1"]) async throws -> [[UInt8]] {
        var options = EncryptOptions()
        options.suite = suite
        options.frameLength = frameLength
        options.encryptionContext = context
        return try await TestKeyrings.encryptParts(plaintext, chunkSize: frameLength, keyring: TestKeyrings.aes(), options: options)
    }

    /// Decrypts, returning the frames handed out before the error (nil error when it succeeded).
    private func frames(of message: [UInt8], options: DecryptOptions = DecryptOptions()) async throws -> (frames: [[UInt8]], error: EnvelopeError?) {
        var released: [[UInt8]] = []
        let client = EnvelopeClient(keyring: try TestKeyrings.aes())
        var iterator = client.decrypt(BufferSequence(ByteBuffer(bytes: message), chunkSize: 11), options: options).makeAsyncIterator()
        do {
            while let frame = try await iterator.next() { released.append(Array(frame.readableBytesView)) }
            return (released, nil)
        } catch let error as EnvelopeError {
            return (released, error)
        }
    }

    func testFlippingAnyByteIsRejectedWithoutReleasingItsFrame() async throws {
        for suite in [AlgorithmSuite.aes256GCMHKDFSHA512CommitKey, .aes256GCMHKDFSHA512CommitKeyECDSAP384] {
            let parts = try await message(suite)
            // header, 2 regular frames of 4+12+16+16 bytes, final frame of 4+4+12+4+8+16 bytes (+ footer)
            XCTAssertEqual(parts.count, 4)
            XCTAssertEqual(parts[1].count, 48)
            XCTAssertEqual(parts[2].count, 48)
            let footerLength = suite.signature == nil ? 0 : parts[3].count - 48
            let whole = parts.flatMap { $0 }
            let frameStarts = [parts[0].count, parts[0].count + 48, parts[0].count + 96]
            let expectedFrames = [Array(plaintext[0..<16]), Array(plaintext[16..<32]), Array(plaintext[32...])]
            let clean = try await frames(of: whole)
            XCTAssertNil(clean.error)
            XCTAssertEqual(clean.frames, expectedFrames)
            var rejected = 0
            for index in whole.indices {
                var tampered = whole
                tampered[index] ^= 0x01
                let result = try await frames(of: tampered)
                guard let error = result.error else {
                    XCTFail("\(suite): flipping byte \(index) of \(whole.count) was not detected")
                    continue
                }
                // Frames before the tampered one may have been released; the tampered one and later ones never.
                let allowed = frameStarts.lastIndex(where: { index >= $0 }) ?? 0
                XCTAssertLessThanOrEqual(result.frames.count, allowed, "\(suite): byte \(index) released \(result.frames.count) frames (\(error))")
                XCTAssertEqual(result.frames, Array(expectedFrames.prefix(result.frames.count)))
                if index < parts[0].count {
                    XCTAssertTrue(result.frames.isEmpty)
                }
                rejected += 1
            }
            print("tamper: \(suite.name): \(rejected) of \(whole.count) single-byte flips rejected (header \(parts[0].count), 3 frames, footer \(footerLength))")
            XCTAssertEqual(rejected, whole.count)
        }
    }

    func testTruncationAtEveryFrameBoundaryIsRejected() async throws {
        for suite in [AlgorithmSuite.aes256GCMHKDFSHA512CommitKey, .aes256GCMHKDFSHA512CommitKeyECDSAP384] {
            let parts = try await message(suite)
            let whole = parts.flatMap { $0 }
            var boundaries = [0]
            for part in parts.dropLast() { boundaries.append(boundaries.last! + part.count) }
            if suite.signature != nil { boundaries.append(boundaries.last! + 48) }
            boundaries.append(whole.count - 1)
            for cut in boundaries {
                let result = try await frames(of: Array(whole.prefix(cut)))
                XCTAssertEqual(result.error?.kind, .truncatedMessage, "\(suite) cut at \(cut): \(String(describing: result.error))")
                XCTAssertLessThan(result.frames.count, 3, "the final frame must never be released from a truncated message")
            }
            let trailing = try await frames(of: whole + [0])
            XCTAssertEqual(trailing.error?.kind, .malformedMessage)
            XCTAssertLessThan(trailing.frames.count, 3)
        }
    }

    func testDifferentEncryptionContextIsRejected() async throws {
        let whole = try await message(.aes256GCMHKDFSHA512CommitKey, context: ["nitroforge:job": "a"]).flatMap { $0 }
        var options = DecryptOptions()
        options.encryptionContext = ["nitroforge:job": "b"]
        let result = try await frames(of: whole, options: options)
        XCTAssertEqual(result.error?.kind, .encryptionContext)
        XCTAssertTrue(result.frames.isEmpty)
        // The raw AES keyring binds the whole context as AAD of the wrapped key, so an extra pair fails there.
        options.encryptionContext = ["nitroforge:tenant": "t"]
        let unbound = try await frames(of: whole, options: options)
        XCTAssertEqual(unbound.error?.kind, .keyring, "a pair the message does not bind must not open the data key")
        XCTAssertTrue(unbound.frames.isEmpty)
    }

    func testWrongCommitmentIsRejectedBeforeDecryption() async throws {
        let parts = try await message(.aes256GCMHKDFSHA512CommitKey)
        var whole = parts.flatMap { $0 }
        // v2 header: ... frame length (4) | commitment (32) | authentication tag (16)
        let commitmentStart = parts[0].count - 16 - 32
        whole[commitmentStart + 5] ^= 0x80
        let result = try await frames(of: whole)
        XCTAssertEqual(result.error?.kind, .authentication)
        XCTAssertTrue(result.error?.message.contains("key commitment") ?? false, "\(String(describing: result.error))")
        XCTAssertEqual(result.error?.offset, commitmentStart)
        XCTAssertTrue(result.frames.isEmpty)
    }
}
