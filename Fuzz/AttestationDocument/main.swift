import Attestation
import FuzzSupport

/// An attestation document: COSE_Sign1 around the document's CBOR map, parsed field by field (the
/// certificate chain and signature are not checked: that is `AttestationVerifier`, fuzzed through its parsers).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAttestationDocument(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? SignedAttestation(bytes: FuzzInput.bytes(data, count))
    return 0
}

FuzzInput.run(fuzzAttestationDocument)
