/// Why a message could not be written or read. Every error names what was wrong and, for messages being
/// read, the byte offset in the message where it was found.
public struct EnvelopeError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The bytes do not follow the message format.
        case malformedMessage = "malformed message"
        /// The message ended before it was complete.
        case truncatedMessage = "truncated message"
        /// The commitment policy, the encrypted-data-key limit or a filter refused the message.
        case policy
        /// A tag, the key commitment or the header authentication did not verify.
        case authentication = "authentication failed"
        /// The footer signature did not verify.
        case signature = "signature verification failed"
        /// The encryption context is invalid, missing a required key or differs from what was expected.
        case encryptionContext = "encryption context"
        /// No keyring could produce or open a data key.
        case keyring
        /// Invalid arguments or key material given by the caller.
        case invalidArgument = "invalid argument"
    }

    public let kind: Kind
    public let message: String
    /// Byte offset in the message, when the error is about a message being read.
    public let offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(kind.rawValue): \(message) (at byte \(offset))" }
        return "\(kind.rawValue): \(message)"
    }
}
