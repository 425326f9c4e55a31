import NitroFormats

/// An attestation document as read from the NSM or a peer, parsed but not yet trusted: the COSE_Sign1
/// envelope and its checked payload. Use `AttestationVerifier` before believing any of it.
public struct SignedAttestation: Sendable, Equatable {
    /// Larger than any NSM response (the driver's response buffer is 0x3000 bytes).
    public static let maxBytes = 16 * 1024
    /// Decoding limits for documents: the deepest real nesting is 3 (payload → pcrs → value).
    public static let cborLimits = CBORDecoder.Limits(maxInputBytes: maxBytes, maxDepth: 8, maxContainerCount: 64)

    public var message: COSESign1
    public var document: AttestationDocument

    /// Parses a document: size, COSE_Sign1 shape (tagged or untagged), ES384 header, then every payload field rule.
    public init(bytes: [UInt8]) throws(AttestationError) {
        guard bytes.count <= Self.maxBytes else { throw .tooLarge(size: bytes.count, limit: Self.maxBytes) }
        do throws(COSEError) {
            message = try COSESign1(decoding: bytes, limits: Self.cborLimits)
            let alg = try message.algorithm()
            guard alg == COSESign1.es384 else { throw COSEError.unsupportedAlgorithm(alg) }
        } catch {
            throw .structure(error)
        }
        let payload: CBOR
        do { payload = try CBORDecoder(limits: Self.cborLimits).decode(message.payload) } catch { throw .payload(error) }
        document = try AttestationDocument(payload: payload)
    }

    /// Wraps an already signed message (the emulator's path).
    public init(message: COSESign1, document: AttestationDocument) {
        self.message = message
        self.document = document
    }
}
