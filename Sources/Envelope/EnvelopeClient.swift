import NIOCore
import NitroFormats

/// Entry point: encrypts and decrypts AWS Encryption SDK messages with one materials manager.
///
/// ```swift
/// let client = EnvelopeClient(keyring: try KMSKeyring(client: kms, keyIDs: [keyARN]))
/// for try await part in client.encrypt(fileChunks, options: options) { try await output.write(part) }
/// ```
public struct EnvelopeClient: Sendable {
    public let materialsManager: any CryptographicMaterialsManager

    public init(materialsManager: any CryptographicMaterialsManager) {
        self.materialsManager = materialsManager
    }

    /// A client with the default materials manager around `keyring`.
    public init(keyring: any Keyring) {
        self.materialsManager = DefaultCryptographicMaterialsManager(keyring: keyring)
    }

    public func encrypt<Plaintext: AsyncSequence & Sendable>(
        _ plaintext: Plaintext, options: EncryptOptions = EncryptOptions()
    ) -> EncryptingSequence<Plaintext> where Plaintext.Element == ByteBuffer {
        EncryptingSequence(base: plaintext, materialsManager: materialsManager, options: options)
    }

    public func decrypt<Ciphertext: AsyncSequence & Sendable>(
        _ ciphertext: Ciphertext, options: DecryptOptions = DecryptOptions()
    ) -> DecryptingSequence<Ciphertext> where Ciphertext.Element == ByteBuffer {
        DecryptingSequence(base: ciphertext, materialsManager: materialsManager, options: options)
    }

    /// Encrypts a buffer held in memory into one message.
    public func encrypt(_ plaintext: ByteBuffer, options: EncryptOptions = EncryptOptions()) async throws -> ByteBuffer {
        var message = ByteBuffer()
        for try await part in encrypt(BufferSequence(plaintext, chunkSize: options.frameLength), options: options) {
            message.writeImmutableBuffer(part)
        }
        return message
    }

    /// Decrypts a message held in memory; returns the plaintext and the header.
    public func decrypt(
        _ message: ByteBuffer, options: DecryptOptions = DecryptOptions()
    ) async throws -> (plaintext: ByteBuffer, header: MessageHeader) {
        var plaintext = ByteBuffer()
        var frames = decrypt(BufferSequence(message, chunkSize: message.readableBytes), options: options).makeAsyncIterator()
        while let frame = try await frames.next() {
            plaintext.writeImmutableBuffer(frame)
        }
        return (plaintext, frames.header!)
    }
}
