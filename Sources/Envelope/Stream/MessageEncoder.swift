import Crypto
import NIOCore

/// Writes one framed message from materials: the header with its authentication, then frames, then the
/// footer when the suite signs. It is the synchronous core of ``EncryptingSequence``.
struct MessageEncoder {
    let header: MessageHeader
    private let frameLength: Int
    private let cipher: AESGCMCipher
    private let headerAuthenticationData: [UInt8]
    private var digest: MessageDigest?
    private let signingKey: MessageSigningKey?
    private var sequence: UInt32 = 1
    private var frames = BufferRecycler()

    init(materials: EncryptionMaterials, frameLength: Int) throws {
        guard frameLength > 0, frameLength <= Int(UInt32.max) else {
            throw EnvelopeError(.invalidArgument, "frame length \(frameLength) is not between 1 and 4294967295")
        }
        guard let dataKey = materials.plaintextDataKey else { throw EnvelopeError(.keyring, "the materials have no data key") }
        let suite = materials.suite
        let messageID = SymmetricKey(size: .init(bitCount: suite.messageIDLength * 8)).bytes
        let keys = try KeyDerivation.derive(suite: suite, dataKey: dataKey, messageID: messageID)
        let stored = materials.encryptionContext.filter { !materials.requiredEncryptionContextKeys.contains($0.key) }
        let required = materials.encryptionContext.filter { materials.requiredEncryptionContextKeys.contains($0.key) }
        header = MessageHeader(
            suite: suite, messageID: messageID, encryptionContext: stored, encryptedDataKeys: materials.encryptedDataKeys,
            contentType: .framed, frameLength: UInt32(frameLength), commitment: keys.commitment)
        headerAuthenticationData = try EncryptionContextCoding.serialize(required)
        self.frameLength = frameLength
        cipher = try AESGCMCipher(key: keys.contentKey, encrypting: true)
        signingKey = materials.signingKey
        digest = suite.signature.map(MessageDigest.init)
    }

    /// The header and its authentication (v1: zero IV and tag; v2: tag).
    mutating func headerBytes() throws -> ByteBuffer {
        var buffer = try header.serialized()
        let iv = [UInt8](repeating: 0, count: AlgorithmSuite.ivLength)
        let sealed = try cipher.seal(iv: iv, aad: Array(buffer.readableBytesView) + headerAuthenticationData, plaintext: [])
        if header.formatVersion == 1 { buffer.writeBytes(iv) }
        buffer.writeBytes(sealed.tag)
        hash(buffer)
        return buffer
    }

    /// Encrypts one frame of exactly `frameLength` bytes (regular) or at most that (final); the final
    /// frame is followed by the footer when the suite signs.
    mutating func frame(_ plaintext: ByteBuffer, final: Bool) throws -> ByteBuffer {
        let length = plaintext.readableBytes
        precondition(final ? length <= frameLength : length == frameLength)
        let iv = BodyFormat.iv(sequence: sequence)
        let aad = BodyFormat.aad(
            messageID: header.messageID, content: final ? .finalFrame : .regularFrame, sequence: sequence, length: length)
        var output = frames.buffer(capacity: length + BodyFormat.finalFrameOverhead + (final ? 128 : 0))
        if final { output.writeInteger(BodyFormat.finalFrameMarker) }
        output.writeInteger(sequence)
        output.writeBytes(iv)
        if final { output.writeInteger(UInt32(length)) }
        try iv.withUnsafeBytes { iv in
            try aad.withUnsafeBytes { aad in
                try plaintext.withUnsafeReadableBytes { input in
                    _ = try output.writeWithUnsafeMutableBytes(minimumWritableBytes: length + AlgorithmSuite.tagLength) { out in
                        try cipher.seal(
                            iv: iv, aad: [aad], plaintext: input,
                            into: UnsafeMutableRawBufferPointer(rebasing: out[..<length]),
                            tag: UnsafeMutableRawBufferPointer(rebasing: out[length..<(length + AlgorithmSuite.tagLength)]))
                        return length + AlgorithmSuite.tagLength
                    }
                }
            }
        }
        hash(output)
        if final {
            if let signingKey, let digest {
                let signature = try digest.sign(with: signingKey)
                output.writeInteger(UInt16(signature.count))
                output.writeBytes(signature)
            }
        } else {
            guard sequence < BodyFormat.finalFrameMarker - 1 else {
                throw EnvelopeError(.invalidArgument, "the message needs more than 4294967294 frames; use a larger frame length")
            }
            sequence += 1
        }
        return frames.handOut(output)
    }

    private mutating func hash(_ buffer: ByteBuffer) {
        guard var running = digest else { return }
        buffer.withUnsafeReadableBytes { running.update($0) }
        digest = running
    }
}
