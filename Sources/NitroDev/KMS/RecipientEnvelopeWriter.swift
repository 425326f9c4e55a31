import Crypto
import Foundation
import _CryptoExtras

/// Writes `CiphertextForRecipient` the way KMS does (shape of the samples in SDKC `cms_test.c`): BER
/// ContentInfo/EnvelopedData with indefinite lengths, one KeyTransRecipientInfo v2 naming the key by a
/// 32-byte subject key identifier, RSAES-OAEP SHA-256/MGF1-SHA-256, and AES-256-CBC content in a
/// constructed `[0]`.
enum RecipientEnvelopeWriter {
    /// Encrypts `plaintext` to the RSA key whose SubjectPublicKeyInfo DER is `recipientSPKI`.
    static func envelope(_ plaintext: [UInt8], recipientSPKI: [UInt8]) throws -> [UInt8] {
        let recipientKey = try _RSA.Encryption.PublicKey(derRepresentation: recipientSPKI)
        let contentKey = SymmetricKey(size: .bits256)
        let iv = AES._CBC.IV()
        let ciphertext = Array(try AES._CBC.encrypt(plaintext, using: contentKey, iv: iv))
        let wrappedKey = contentKey.withUnsafeBytes { Array($0) }
        let encryptedKey = Array(try recipientKey.encrypt(wrappedKey, padding: .PKCS1_OAEP_SHA256))
        // KMS's rid derivation is not published; SHA-256 of the SubjectPublicKeyInfo gives the same 32-byte size.
        let keyIdentifier = Array(SHA256.hash(data: recipientSPKI))

        let sha256 = tlv(0x30, oid([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]) + [0x05, 0x00])
        let oaepParameters = tlv(0x30, tlv(0xA0, sha256) + tlv(0xA1, tlv(0x30, oid([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08]) + sha256)))
        let keyEncryptionAlgorithm = tlv(0x30, oid([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x07]) + oaepParameters)
        let recipientInfo = tlv(0x30, tlv(0x02, [0x02]) + tlv(0x80, keyIdentifier) + keyEncryptionAlgorithm + tlv(0x04, encryptedKey))
        let contentAlgorithm = tlv(0x30, oid([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A]) + tlv(0x04, Array(iv)))
        let encryptedContentInfo = indefinite(0x30, oid([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]) + contentAlgorithm
                                                  + indefinite(0xA0, tlv(0x04, ciphertext)))
        let envelopedData = indefinite(0x30, tlv(0x02, [0x02]) + tlv(0x31, recipientInfo) + encryptedContentInfo)
        return indefinite(0x30, oid([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03]) + indefinite(0xA0, envelopedData))
    }

    private static func oid(_ encodedArcs: [UInt8]) -> [UInt8] {
        tlv(0x06, encodedArcs)
    }

    /// A definite-length element (DER length form).
    private static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var output = [tag]
        if content.count < 0x80 {
            output.append(UInt8(content.count))
        } else {
            let lengthBytes = withUnsafeBytes(of: UInt32(content.count).bigEndian, Array.init).drop { $0 == 0 }
            output.append(0x80 | UInt8(lengthBytes.count))
            output.append(contentsOf: lengthBytes)
        }
        return output + content
    }

    /// An indefinite-length constructed element closed by end-of-contents octets.
    private static func indefinite(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag, 0x80] + content + [0x00, 0x00]
    }
}
