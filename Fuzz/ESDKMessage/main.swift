import Envelope
import Foundation
import FuzzSupport
import NIOCore
import NitroFormats

/// The ESDK message decoder, streaming. The first input byte sets the size (1 to 256 bytes) of the chunks
/// the rest arrives in, so the fuzzer chooses where the decoder's input is split. The raw AES keyring holds
/// the official vectors' `aes-256` key, so mutations of the seed vectors get past the data key to the body
/// and the footer; the commitment policy admits every suite.
private enum Decryption {
    static let client: EnvelopeClient = {
        let key = Array(Data(base64Encoded: "AAECAwQFBgcICRAREhMUFRYXGBkgISIjJCUmJygpMDE=")!)
        return EnvelopeClient(keyring: try! RawAESKeyring(keyNamespace: "aws-raw-vectors-persistant", keyName: "aes-256", wrappingKey: key))
    }()

    static let options: DecryptOptions = {
        var options = DecryptOptions()
        options.commitmentPolicy = .requireEncryptAllowDecrypt
        options.maxNonFramedBodyLength = 1 << 20
        return options
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzESDKMessage(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, count)
    guard let first = bytes.first else { return 0 }
    let message = ByteBuffer(bytes: bytes.dropFirst())
    FuzzInput.wait {
        var plaintext = 0
        do {
            for try await frame in Decryption.client.decrypt(BufferSequence(message, chunkSize: Int(first) + 1), options: Decryption.options) {
                plaintext += frame.readableBytes
            }
            // A message that decrypts cannot hold more plaintext than it has bytes.
            precondition(plaintext <= message.readableBytes, "\(plaintext) bytes of plaintext from a \(message.readableBytes)-byte message")
        } catch {}
    }
    return 0
}

FuzzInput.run(fuzzESDKMessage)
