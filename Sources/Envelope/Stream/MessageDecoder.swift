import NIOCore

/// Reads one message incrementally, the synchronous core of ``DecryptingSequence``. It is fed input
/// chunks and answers what it needs next. It releases a frame's plaintext only after its tag verified,
/// and it holds the final frame back until the whole message, footer signature included, has verified
/// and the input has ended.
struct MessageDecoder {
    enum Event {
        case needInput
        /// The header parsed; call ``accept(_:)`` with materials from the CMM.
        case needMaterials(MessageHeader)
        case plaintext(ByteBuffer)
        case finished
    }

    private enum State {
        case header
        case materials(ParsedHeader)
        case frames
        case nonFramed
        case footer
        case end
        case finished
    }

    private let options: DecryptOptions
    private var pending = InputQueue()
    /// Message offset of the first byte of `pending`.
    private var offset = 0
    private var inputEnded = false
    /// How many bytes `pending` must hold before reading on can succeed: input arriving in small chunks is
    /// then not re-read on every chunk.
    private var needed = 0
    private var state = State.header
    private(set) var header: MessageHeader?
    private var cipher: AESGCMCipher?
    private var digest: MessageDigest?
    private var verificationKey: MessageVerificationKey?
    private var sequence: UInt32 = 1
    private var heldFinalFrame: ByteBuffer?
    private var frames = BufferRecycler()

    init(options: DecryptOptions) {
        self.options = options
    }

    mutating func append(_ chunk: ByteBuffer) {
        pending.append(chunk)
    }

    mutating func endInput() {
        inputEnded = true
    }

    mutating func next() throws -> Event {
        while true {
            if !inputEnded, pending.readableBytes < needed { return .needInput }
            do {
                switch state {
                case .header:
                    let parsed = try MessageHeader.parse(pending.coalesced(), maxEncryptedDataKeys: options.maxEncryptedDataKeys)
                    try options.commitmentPolicy.checkDecrypt(parsed.header.suite, offset: 1)
                    header = parsed.header
                    state = .materials(parsed)
                    return .needMaterials(parsed.header)
                case .materials:
                    preconditionFailure("next() called before accept(_:) gave the decryption materials")
                case .frames:
                    if let plaintext = try readFrame() { return .plaintext(plaintext) }
                case .nonFramed:
                    try readNonFramedBody()
                case .footer:
                    try readFooter()
                case .end:
                    guard pending.readableBytes == 0 else {
                        throw EnvelopeError(.malformedMessage, "\(pending.readableBytes) bytes follow the end of the message", offset: offset)
                    }
                    guard inputEnded else { return .needInput }
                    state = .finished
                    if let plaintext = heldFinalFrame {
                        heldFinalFrame = nil
                        return .plaintext(plaintext)
                    }
                case .finished:
                    return .finished
                }
            } catch is MessageReader.Incomplete {
                needed = Swift.max(needed, pending.readableBytes + 1)
                guard inputEnded else { return .needInput }
                throw EnvelopeError(.truncatedMessage, "the input ended inside the \(stateName)", offset: offset + pending.readableBytes)
            }
        }
    }

    /// Checks the key commitment and the header authentication with the materials' data key.
    mutating func accept(_ materials: DecryptionMaterials) throws {
        guard case .materials(let parsed) = state, let dataKey = materials.plaintextDataKey else {
            preconditionFailure("accept(_:) needs a parsed header and materials with a data key")
        }
        let header = parsed.header
        let keys = try KeyDerivation.derive(suite: header.suite, dataKey: dataKey, messageID: header.messageID)
        if let expected = header.commitment {
            guard let commitment = keys.commitment, KeyDerivation.constantTimeEqual(commitment, expected) else {
                throw EnvelopeError(.authentication, "the key commitment does not match the data key", offset: parsed.bytes.readableBytes - AlgorithmSuite.commitmentLength)
            }
        }
        let required = materials.encryptionContext.filter { materials.requiredEncryptionContextKeys.contains($0.key) }
        let requiredPairs = try EncryptionContextCoding.serialize(required)
        let aad = Array(parsed.bytes.readableBytesView) + requiredPairs
        let cipher = try AESGCMCipher(key: keys.contentKey, encrypting: false)
        guard try cipher.open(iv: parsed.authenticationIV, aad: aad, ciphertext: [], tag: parsed.authenticationTag) != nil else {
            let hint = required.isEmpty ? "" : " with the unstored pairs \(required.keys.sorted().joined(separator: ", ")) (a wrong value, or pairs this message does not bind)"
            throw EnvelopeError(.authentication, "the header authentication tag does not verify\(hint)", offset: parsed.bytes.readableBytes)
        }
        self.cipher = cipher
        if let signature = header.suite.signature {
            guard let key = materials.verificationKey else {
                throw EnvelopeError(.keyring, "suite \(header.suite) signs but the materials have no verification key")
            }
            verificationKey = key
            digest = MessageDigest(signature)
        }
        consume(parsed.totalLength)
        state = header.contentType == .framed ? .frames : .nonFramed
    }

    private var stateName: String {
        switch state {
        case .header, .materials: "header"
        case .frames: "frame \(sequence)"
        case .nonFramed: "non-framed body"
        case .footer: "footer"
        case .end, .finished: "message"
        }
    }

    /// Advances past `count` bytes, adding them to the signature hash.
    private mutating func consume(_ count: Int) {
        if var running = digest {
            pending.forEachRun(from: 0, count: count) { running.update($0) }
            digest = running
        }
        pending.drop(count)
        offset += count
        needed = 0
    }

    /// The longest frame header: final-frame marker, sequence number, IV, content length.
    private static let maxFrameHeaderLength = 4 + 4 + AlgorithmSuite.ivLength + 4

    private mutating func readFrame() throws -> ByteBuffer? {
        guard let header, let cipher else { return nil }
        var reader = MessageReader(pending.prefix(Swift.min(pending.readableBytes, Self.maxFrameHeaderLength)), offset: offset)
        var marker: UInt32 = try reader.integer()
        let isFinal = marker == BodyFormat.finalFrameMarker
        if isFinal { marker = try reader.integer() }
        guard marker == sequence else {
            throw EnvelopeError(.malformedMessage, "frame sequence number \(marker), expected \(sequence)", offset: reader.offset - 4)
        }
        let iv = try reader.bytes(AlgorithmSuite.ivLength)
        var length = Int(header.frameLength)
        if isFinal {
            let lengthOffset = reader.offset
            length = Int(try reader.integer(as: UInt32.self))
            guard length <= Int(header.frameLength) else {
                throw EnvelopeError(.malformedMessage, "final frame length \(length) exceeds the frame length \(header.frameLength)", offset: lengthOffset)
            }
        }
        let contentStart = reader.consumed
        let aad = BodyFormat.aad(messageID: header.messageID, content: isFinal ? .finalFrame : .regularFrame, sequence: sequence, length: length)
        let plaintext = try open(cipher, iv: iv, aad: aad, contentStart: contentStart, length: length, what: "frame \(sequence)")
        consume(contentStart + length + AlgorithmSuite.tagLength)
        if isFinal {
            heldFinalFrame = plaintext
            state = header.suite.signature == nil ? .end : .footer
            return nil
        }
        guard sequence < BodyFormat.finalFrameMarker - 1 else {
            throw EnvelopeError(.malformedMessage, "too many frames", offset: offset)
        }
        sequence += 1
        return frames.handOut(plaintext)
    }

    private mutating func readNonFramedBody() throws {
        guard let header, let cipher else { return }
        var reader = MessageReader(pending.prefix(Swift.min(pending.readableBytes, AlgorithmSuite.ivLength + 8)), offset: offset)
        let iv = try reader.bytes(AlgorithmSuite.ivLength)
        let lengthOffset = reader.offset
        let length = try reader.integer(as: UInt64.self)
        guard length <= UInt64(options.maxNonFramedBodyLength) else {
            throw EnvelopeError(.policy, "non-framed body of \(length) bytes is over the limit of \(options.maxNonFramedBodyLength) (it must be held in memory)", offset: lengthOffset)
        }
        let contentStart = reader.consumed
        let aad = BodyFormat.aad(messageID: header.messageID, content: .singleBlock, sequence: 1, length: Int(length))
        heldFinalFrame = try open(cipher, iv: iv, aad: aad, contentStart: contentStart, length: Int(length), what: "non-framed body")
        consume(contentStart + Int(length) + AlgorithmSuite.tagLength)
        state = header.suite.signature == nil ? .end : .footer
    }

    private mutating func readFooter() throws {
        guard let digest, let verificationKey else { return }
        var reader = MessageReader(pending.prefix(Swift.min(pending.readableBytes, 2 + Self.maxSignatureLength)), offset: offset)
        let signature = try reader.shortBytes()
        guard digest.verify(signature, with: verificationKey) else {
            heldFinalFrame?.zeroReadableBytes()
            heldFinalFrame = nil
            throw EnvelopeError(.signature, "the footer signature does not verify", offset: offset)
        }
        self.digest = nil
        consume(reader.consumed)
        state = .end
    }

    /// Longer than any ECDSA P-256 or P-384 signature in DER.
    private static let maxSignatureLength = 512

    /// Decrypts the `length` content bytes that start `contentStart` bytes into `pending`, run by run as the
    /// input chunks hold them, and checks the tag that follows. Throws `MessageReader.Incomplete` until
    /// content and tag have arrived. The held final frame is never handed to the recycler, so zeroing it
    /// on a bad signature zeroes the only copy.
    private mutating func open(
        _ cipher: AESGCMCipher, iv: [UInt8], aad: [UInt8], contentStart: Int, length: Int, what: String
    ) throws -> ByteBuffer {
        guard pending.readableBytes >= contentStart + length + AlgorithmSuite.tagLength else {
            needed = contentStart + length + AlgorithmSuite.tagLength
            throw MessageReader.Incomplete()
        }
        var tag: [UInt8] = []
        pending.forEachRun(from: contentStart + length, count: AlgorithmSuite.tagLength) { tag.append(contentsOf: $0) }
        var output = frames.buffer(capacity: length)
        let input = pending
        let verified = try iv.withUnsafeBytes { iv in
            try aad.withUnsafeBytes { aad in
                try tag.withUnsafeBytes { tag in
                    var verified = false
                    _ = try output.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { out in
                        try cipher.start(iv: iv, aad: [aad])
                        var written = 0
                        try input.forEachRun(from: contentStart, count: length) { run in
                            try cipher.update(run, into: UnsafeMutableRawBufferPointer(rebasing: out[written ..< written + run.count]))
                            written += run.count
                        }
                        verified = try cipher.verify(tag: tag)
                        return length
                    }
                    return verified
                }
            }
        }
        guard verified else {
            output.zeroReadableBytes()
            throw EnvelopeError(.authentication, "the tag of \(what) does not verify", offset: offset + contentStart)
        }
        return output
    }
}

extension ByteBuffer {
    /// Overwrites plaintext that must not be released.
    mutating func zeroReadableBytes() {
        _ = withUnsafeMutableReadableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }
}
