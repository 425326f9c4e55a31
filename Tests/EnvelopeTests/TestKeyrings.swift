import Envelope
import NIOCore
import NitroFormats

/// Raw keyrings with fixed key material for the round-trip and tamper tests.
enum TestKeyrings {
    static let aesKey: [UInt8] = Array(0..<32)

    static func aes(name: String = "test-aes") throws -> RawAESKeyring {
        try RawAESKeyring(keyNamespace: "nitroforge-tests", keyName: name, wrappingKey: aesKey)
    }

    static func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    /// Encrypts `plaintext` in chunks of `chunkSize`, returning the message parts as the sequence yields them.
    static func encryptParts(
        _ plaintext: [UInt8], chunkSize: Int, keyring: any Keyring, options: EncryptOptions
    ) async throws -> [[UInt8]] {
        var parts: [[UInt8]] = []
        let client = EnvelopeClient(keyring: keyring)
        for try await part in client.encrypt(BufferSequence(ByteBuffer(bytes: plaintext), chunkSize: chunkSize), options: options) {
            parts.append(Array(part.readableBytesView))
        }
        return parts
    }
}
