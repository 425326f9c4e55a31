import Crypto
import Foundation
import NitroFormats
import X509

/// Checks an EIF's signature section as `nitro-cli describe-eif` does: one entry, its COSE_Sign1 verifies
/// with the key of its certificate, and the signed PCR0 is the image's. Gives PCR8 from the certificate.
struct EIFSignatureCheck {
    let pcr8: PCRValue?
    /// Nil when the signature is good.
    let problem: String?

    init(section: [UInt8], pcr0: PCRValue) {
        do {
            let result = try Self.check(section, pcr0: pcr0)
            pcr8 = result.pcr8
            problem = result.problem
        } catch {
            pcr8 = nil
            problem = "\(error)"
        }
    }

    private static func check(_ section: [UInt8], pcr0: PCRValue) throws -> (pcr8: PCRValue, problem: String?) {
        let decoded = try CBORDecoder(limits: .init(maxInputBytes: 1 << 20, maxDepth: 8, maxContainerCount: 1 << 20)).decode(section)
        guard let entries = decoded.arrayValue, entries.count == 1 else {
            throw EIFInputError("the signature section must be a CBOR array of one entry")
        }
        guard let pem = entries[0]["signing_certificate"]?.uintArrayValue, let coseBytes = entries[0]["signature"]?.uintArrayValue else {
            throw EIFInputError("the signature entry needs signing_certificate and signature as arrays of bytes")
        }
        let der = try EIFSigner.certificateDER(String(decoding: pem, as: UTF8.self), path: "signature section")
        let pcr8 = PCRValue.measuring(der)
        let certificate = try Certificate(derEncoded: der)
        guard let key = P384.Signing.PublicKey(certificate.publicKey) else {
            return (pcr8, "the signing certificate's key is not ECDSA P-384")
        }
        let cose = try COSESign1(decoding: coseBytes)
        do {
            try cose.verify(with: key)
        } catch {
            return (pcr8, "the COSE signature does not verify with the certificate: \(error)")
        }
        let payload = try CBORDecoder().decode(cose.payload)
        guard payload["register_index"]?.unsignedValue == 0, let signed = payload["register_value"]?.uintArrayValue else {
            return (pcr8, "the signed payload is not {register_index: 0, register_value: [PCR0]}")
        }
        guard signed == pcr0.bytes else {
            return (pcr8, "the signature is over PCR0 \(PCRValue(bytes: signed).hex), not this image's \(pcr0.hex)")
        }
        return (pcr8, nil)
    }
}
