import Crypto

/// A COSE_Sign1 message (RFC 9052 §4.2) signed with ES384, as the NSM and `nitro-cli` produce:
/// `[protected bstr, unprotected map, payload bstr, signature bstr]`, tagged 18 or untagged.
public struct COSESign1: Sendable, Equatable {
    /// COSE algorithm identifier of ES384 (ECDSA P-384 with SHA-384).
    public static let es384: Int64 = -35
    /// The protected header as the serialized bytes that were signed.
    public var protectedHeader: [UInt8]
    public var unprotectedHeader: [CBOR.MapEntry]
    public var payload: [UInt8]
    /// Raw r‖s, 96 bytes for ES384.
    public var signature: [UInt8]

    public init(protectedHeader: [UInt8], unprotectedHeader: [CBOR.MapEntry], payload: [UInt8], signature: [UInt8]) {
        self.protectedHeader = protectedHeader
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.signature = signature
    }

    /// Parses a COSE_Sign1 message, tagged (18) or not.
    public init(decoding bytes: [UInt8], limits: CBORDecoder.Limits = .init()) throws(COSEError) {
        let value: CBOR
        do { value = try CBORDecoder(limits: limits).decode(bytes) } catch { throw .cbor(error) }
        try self.init(value)
    }

    /// Reads a COSE_Sign1 message from an already decoded item.
    public init(_ value: CBOR) throws(COSEError) {
        var item = value
        if case .tagged(let tag, let inner) = value {
            guard tag == 18 else { throw .malformed("tag \(tag) is not COSE_Sign1 (18)") }
            item = inner
        }
        guard let parts = item.arrayValue else { throw .malformed("expected an array, found a \(item.typeName)") }
        guard parts.count == 4 else { throw .malformed("expected 4 items, found \(parts.count)") }
        guard let protected = parts[0].bytesValue else { throw .malformed("protected header is a \(parts[0].typeName), not a byte string") }
        guard let unprotected = parts[1].mapValue else { throw .malformed("unprotected header is a \(parts[1].typeName), not a map") }
        guard let payload = parts[2].bytesValue else { throw .malformed("payload is a \(parts[2].typeName), not a byte string") }
        guard let signature = parts[3].bytesValue else { throw .malformed("signature is a \(parts[3].typeName), not a byte string") }
        self.init(protectedHeader: protected, unprotectedHeader: unprotected, payload: payload, signature: signature)
    }

    /// The `alg` (label 1) of the protected header, or nil when absent.
    public func algorithm() throws(COSEError) -> Int64? {
        if protectedHeader.isEmpty { return nil }
        let header: CBOR
        do { header = try CBORDecoder(limits: .init(maxInputBytes: 4096, maxDepth: 4)).decode(protectedHeader) } catch {
            throw .malformed("protected header: \(error)")
        }
        guard header.mapValue != nil else { throw .malformed("protected header is a \(header.typeName), not a map") }
        return header[integerKey: 1]?.integerValue
    }

    /// The bytes the signature covers: `["Signature1", protected, h'', payload]` (RFC 9052 §4.4).
    public var signedBytes: [UInt8] {
        Self.sigStructure(protectedHeader: protectedHeader, payload: payload)
    }

    /// Checks that the algorithm is ES384 and the signature verifies with `key`.
    public func verify(with key: P384.Signing.PublicKey) throws(COSEError) {
        let alg = try algorithm()
        guard alg == Self.es384 else { throw .unsupportedAlgorithm(alg) }
        guard signature.count == 96 else { throw .signatureLength(signature.count) }
        guard let parsed = try? P384.Signing.ECDSASignature(rawRepresentation: signature),
              key.isValidSignature(parsed, for: SHA384.hash(data: signedBytes))
        else { throw .signatureInvalid }
    }

    /// Signs `payload` with ES384; the protected header is `{1: -35}` and the unprotected header empty, as
    /// in NSM documents.
    public static func sign(payload: [UInt8], with key: P384.Signing.PrivateKey) throws -> COSESign1 {
        let protected = CBOREncoder.encode(.map([CBOR.MapEntry(.unsigned(1), .integer(es384))]))
        let digest = SHA384.hash(data: sigStructure(protectedHeader: protected, payload: payload))
        let signature = try key.signature(for: digest)
        return COSESign1(protectedHeader: protected, unprotectedHeader: [], payload: payload,
                         signature: Array(signature.rawRepresentation))
    }

    /// The message as CBOR; `tagged` adds tag 18 (NSM documents are untagged).
    public func cbor(tagged: Bool = false) -> CBOR {
        let array = CBOR.array([.bytes(protectedHeader), .map(unprotectedHeader), .bytes(payload), .bytes(signature)])
        return tagged ? .tagged(18, array) : array
    }

    /// The serialized message; `tagged` adds tag 18.
    public func encoded(tagged: Bool = false) -> [UInt8] {
        CBOREncoder.encode(cbor(tagged: tagged))
    }

    private static func sigStructure(protectedHeader: [UInt8], payload: [UInt8]) -> [UInt8] {
        CBOREncoder.encode(.array([.text("Signature1"), .bytes(protectedHeader), .bytes([]), .bytes(payload)]))
    }
}
