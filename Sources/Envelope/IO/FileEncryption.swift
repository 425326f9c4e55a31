import Foundation
import NIOCore

/// What was written or read, for `--json` output and logs (never key material or plaintext).
public struct MessageSummary: Codable, Sendable, Equatable {
    public var suite: String
    public var suiteID: String
    public var messageFormatVersion: Int
    public var messageID: String
    public var frameLength: Int
    public var encryptionContext: [String: String]
    /// Provider id and provider info (the key ARN for `aws-kms`) of each encrypted data key.
    public var encryptedDataKeys: [String]
    public var plaintextBytes: Int64
    public var ciphertextBytes: Int64

    init(header: MessageHeader, context: EncryptionContext, plaintextBytes: Int64, ciphertextBytes: Int64) {
        suite = header.suite.name
        suiteID = "0x" + String(header.suite.id, radix: 16).leftPadded(to: 4)
        messageFormatVersion = Int(header.formatVersion)
        messageID = header.messageID.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        frameLength = Int(header.frameLength)
        encryptionContext = context
        encryptedDataKeys = header.encryptedDataKeys.map { key in
            key.providerID == KMSKeyring.providerID
                ? "\(key.providerID) \(String(decoding: key.providerInfo, as: UTF8.self))" : key.providerID
        }
        self.plaintextBytes = plaintextBytes
        self.ciphertextBytes = ciphertextBytes
    }
}

/// File to file (or standard input/output, `-`) encryption and decryption, streaming frame by frame.
/// The output appears at its path only when the whole message was written or verified.
public enum FileEncryption {
    /// - Parameter progress: called with the number of input bytes just processed.
    public static func encrypt(
        client: EnvelopeClient, input: String, output: String, options: EncryptOptions, progress: (Int) -> Void = { _ in }
    ) async throws -> MessageSummary {
        let writer = try AtomicFileWriter(path: output)
        var parts = client.encrypt(FileChunks(path: input, chunkSize: options.frameLength), options: options).makeAsyncIterator()
        var written: Int64 = 0
        var encrypted: Int64 = 0
        while let part = try await parts.next() {
            try writer.write(part)
            written += Int64(part.readableBytes)
            progress(Int(parts.plaintextBytes - encrypted))
            encrypted = parts.plaintextBytes
        }
        try writer.commit()
        return MessageSummary(
            header: parts.header!, context: options.encryptionContext, plaintextBytes: encrypted, ciphertextBytes: written)
    }

    /// - Parameter progress: called with the number of plaintext bytes just verified.
    public static func decrypt(
        client: EnvelopeClient, input: String, output: String, options: DecryptOptions, progress: (Int) -> Void = { _ in }
    ) async throws -> MessageSummary {
        let chunks = FileChunks(path: input, chunkSize: 1 << 20)
        return try await decrypt(client: client, ciphertext: chunks, ciphertextBytes: chunks.size, output: output, options: options, progress: progress)
    }

    /// Decrypts a message arriving as any byte stream (an S3 object's body, for instance) into `output`,
    /// which appears only after the whole message verified.
    public static func decrypt<Ciphertext: AsyncSequence & Sendable>(
        client: EnvelopeClient, ciphertext: Ciphertext, ciphertextBytes: Int64?, output: String, options: DecryptOptions,
        progress: (Int) -> Void = { _ in }
    ) async throws -> MessageSummary where Ciphertext.Element == ByteBuffer {
        let writer = try AtomicFileWriter(path: output)
        var frames = client.decrypt(ciphertext, options: options).makeAsyncIterator()
        var plaintextBytes: Int64 = 0
        while var frame = try await frames.next() {
            try writer.write(frame)
            plaintextBytes += Int64(frame.readableBytes)
            progress(frame.readableBytes)
            // A regular frame's buffer is still shared with the decoder, which overwrites it with a later
            // frame: zeroing it here would zero a fresh copy (a 1 MiB allocation and copy per frame, more
            // than decrypting the frame) and leave the decoder's bytes as they are. The final frame is ours.
            _ = frame.modifyIfUniquelyOwned { $0.zeroReadableBytes() }
        }
        try writer.commit()
        return MessageSummary(
            header: frames.header!, context: frames.encryptionContext ?? [:], plaintextBytes: plaintextBytes,
            ciphertextBytes: ciphertextBytes ?? -1)
    }
}
