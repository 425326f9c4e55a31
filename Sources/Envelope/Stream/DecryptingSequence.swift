import NIOCore

/// Decrypts a stream of message chunks (any sizes) into a stream of plaintext frames. A frame is handed
/// out only after its tag verified; the key commitment is checked before any frame is decrypted; the
/// final frame is handed out only after the footer signature verified and the input ended, so an error
/// at the end of the message always arrives before the last plaintext.
public struct DecryptingSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer

    let base: Base
    let materialsManager: any CryptographicMaterialsManager
    let options: DecryptOptions

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), materialsManager: materialsManager, options: options)
    }

    public struct Iterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private let materialsManager: any CryptographicMaterialsManager
        private let options: DecryptOptions
        private var decoder: MessageDecoder
        /// The message's full encryption context (stored and reproduced pairs), once the header verified.
        public private(set) var encryptionContext: EncryptionContext?

        init(base: Base.AsyncIterator, materialsManager: any CryptographicMaterialsManager, options: DecryptOptions) {
            self.base = base
            self.materialsManager = materialsManager
            self.options = options
            self.decoder = MessageDecoder(options: options)
        }

        /// The message header, once it has been read.
        public var header: MessageHeader? { decoder.header }

        public mutating func next() async throws -> ByteBuffer? {
            while true {
                switch try decoder.next() {
                case .needInput:
                    if let chunk = try await base.next() {
                        decoder.append(chunk)
                    } else {
                        decoder.endInput()
                    }
                case .needMaterials(let header):
                    let materials = try await materialsManager.decryptionMaterials(DecryptionMaterialsRequest(
                        suite: header.suite, encryptedDataKeys: header.encryptedDataKeys,
                        storedEncryptionContext: header.encryptionContext,
                        reproducedEncryptionContext: options.encryptionContext))
                    try decoder.accept(materials)
                    encryptionContext = materials.encryptionContext
                case .plaintext(let plaintext):
                    return plaintext
                case .finished:
                    return nil
                }
            }
        }
    }
}
