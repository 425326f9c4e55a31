import Crypto
import Foundation

/// Lower-case hex SHA-256, computed here independently of the signer's own helper.
func sha256Hex(_ text: String) -> String {
    sha256Hex(Array(text.utf8))
}

func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
