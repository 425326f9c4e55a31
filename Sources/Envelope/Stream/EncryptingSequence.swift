import NIOCore

/// Encrypts a stream of plaintext chunks into a stream of message parts: the header, then one buffer per
/// frame (the last one carrying the footer). Memory stays within a frame or two whatever the input size;
/// chunks of exactly the frame length are encrypted without being copied.
public struct EncryptingSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer

    let base: Base
    let materialsManager: any CryptographicMaterialsManager
    let options: EncryptOptions

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), materialsManager: materialsManager, options: options)
    }

    public struct Iterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private let materialsManager: any CryptographicMaterialsManager
        private let options: EncryptOptions
        private var encoder: MessageEncoder?
        private var pending = ByteBuffer()
        private var inputEnded = false
        private var finished = false

        init(base: Base.AsyncIterator, materialsManager: any CryptographicMaterialsManager, options: EncryptOptions) {
            self.base = base
            self.materialsManager = materialsManager
            self.options = options
        }

        /// Plaintext bytes encrypted so far.
        public private(set) var plaintextBytes: Int64 = 0

        /// The header written, once the first element has been returned.
        public var header: MessageHeader? { encoder?.header }

        public mutating func next() async throws -> ByteBuffer? {
            guard var encoder else { return try await start() }
            guard !finished else { return nil }
            defer { self.encoder = encoder }
            let frameLength = options.frameLength
            while true {
                if pending.readableBytes > frameLength {
                    plaintextBytes += Int64(frameLength)
                    return try encoder.frame(pending.readSlice(length: frameLength)!, final: false)
                }
                if inputEnded {
                    if pending.readableBytes == frameLength {
                        // aws-encryption-cli refuses a final frame as long as the frame length, so a
                        // message that fills its last frame ends with an empty final frame instead.
                        let frame = pending
                        pending = ByteBuffer()
                        plaintextBytes += Int64(frameLength)
                        return try encoder.frame(frame, final: false)
                    }
                    finished = true
                    let last = pending
                    pending = ByteBuffer()
                    plaintextBytes += Int64(last.readableBytes)
                    return try encoder.frame(last, final: true)
                }
                guard var chunk = try await base.next() else {
                    inputEnded = true
                    continue
                }
                guard chunk.readableBytes > 0 else { continue }
                if pending.readableBytes == 0 {
                    pending = chunk
                    continue
                }
                if pending.readableBytes == frameLength {
                    // A full frame with more input after it is a regular frame, sent without a copy.
                    let frame = pending
                    pending = chunk
                    plaintextBytes += Int64(frameLength)
                    return try encoder.frame(frame, final: false)
                }
                // Top the pending frame up from the chunk; once it is full and more input is known to
                // follow, it is a regular frame.
                let take = Swift.min(frameLength - pending.readableBytes, chunk.readableBytes)
                pending.writeImmutableBuffer(chunk.readSlice(length: take)!)
                if chunk.readableBytes > 0 {
                    let frame = pending
                    pending = chunk
                    plaintextBytes += Int64(frameLength)
                    return try encoder.frame(frame, final: false)
                }
            }
        }

        private mutating func start() async throws -> ByteBuffer {
            try options.commitmentPolicy.checkEncrypt(options.suite)
            let materials = try await materialsManager.encryptionMaterials(
                EncryptionMaterialsRequest(suite: options.suite, encryptionContext: options.encryptionContext))
            guard materials.suite == options.suite else {
                throw EnvelopeError(.keyring, "the materials manager changed the suite to \(materials.suite)")
            }
            guard materials.encryptedDataKeys.count <= options.maxEncryptedDataKeys else {
                throw EnvelopeError(.policy, "the keyring made \(materials.encryptedDataKeys.count) encrypted data keys, more than the limit of \(options.maxEncryptedDataKeys)")
            }
            var encoder = try MessageEncoder(materials: materials, frameLength: options.frameLength)
            let header = try encoder.headerBytes()
            self.encoder = encoder
            return header
        }
    }
}
