import Crypto
import Foundation
import _CryptoExtras

extension CMSEnvelopedData {
    /// Unwraps the content-encryption key with RSAES-OAEP (SHA-256, MGF1-SHA-256) and decrypts the content
    /// with AES-256-CBC, removing PKCS#7 padding. The caller owns the returned plaintext and should drop it
    /// as soon as it is used.
    public func decrypt(with key: _RSA.Encryption.PrivateKey) throws(CMSError) -> [UInt8] {
        guard encryptedKey.count == key.keySizeInBits / 8 else {
            throw CMSError("KeyTransRecipientInfo.encryptedKey", "is \(encryptedKey.count) bytes, the recipient key needs \(key.keySizeInBits / 8)")
        }
        var contentKeyBytes: Data
        do { contentKeyBytes = try key.decrypt(encryptedKey, padding: .PKCS1_OAEP_SHA256) } catch {
            throw CMSError("KeyTransRecipientInfo.encryptedKey", "does not decrypt with the recipient key (RSAES-OAEP SHA-256)")
        }
        defer { contentKeyBytes.resetBytes(in: 0..<contentKeyBytes.count) }
        guard contentKeyBytes.count == 32 else {
            throw CMSError("KeyTransRecipientInfo.encryptedKey", "unwraps to \(contentKeyBytes.count) bytes, AES-256 needs 32")
        }
        let contentKey = SymmetricKey(data: contentKeyBytes)
        do {
            return Array(try AES._CBC.decrypt(ciphertext, using: contentKey, iv: try AES._CBC.IV(ivBytes: iv)))
        } catch {
            throw CMSError("EncryptedContentInfo.encryptedContent", "does not decrypt with AES-256-CBC (bad key or padding)")
        }
    }
}
