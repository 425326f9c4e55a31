import Crypto
import NitroFormats

/// API keys stored as the SHA-256 of the key: a presented key is hashed and compared with every stored
/// hash in constant time, so neither the comparison nor which entry matched leaks through timing.
public struct APIKeyAuthenticator: Authenticator {
    private let keys: [(name: String, digest: [UInt8])]

    /// `keys`: name and lower-case hex SHA-256, as in the configuration (already validated there).
    public init(keys: [ProducerConfiguration.APIKey]) {
        self.keys = keys.compactMap { key in Hex.decode(key.sha256).map { (key.name, $0) } }
    }

    public func authenticate(_ credential: Credential) async throws(AuthenticationError) -> Principal {
        let digest = Array(SHA256.hash(data: Array(credential.secret.utf8)))
        var matched: String?
        for key in keys where Self.constantTimeEqual(key.digest, digest) && matched == nil {
            matched = key.name
        }
        guard let matched else { throw AuthenticationError(.unauthenticated, "the API key is not one of this producer's keys") }
        return Principal(id: "apikey:\(matched)")
    }

    /// Compares two digests of equal length without an early exit.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
