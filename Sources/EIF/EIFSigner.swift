import Crypto
import Foundation
import NitroFormats
import SwiftASN1
import X509

/// Signs an EIF as `nitro-cli build-enclave --signing-certificate --private-key` does
/// (aws-nitro-enclaves-image-format `src/utils/eif_signer.rs`): the signature section is a CBOR array
/// holding one `{"signing_certificate": [PEM bytes], "signature": [COSE_Sign1 bytes]}` map (byte vectors
/// as arrays of small integers, serde's default), and the untagged ES384 COSE_Sign1's payload is
/// `{"register_index": 0, "register_value": [PCR0]}`. PCR8 is the measurement of the certificate's DER.
public struct EIFSigner: EIFSigning {
    public let certificatePEM: [UInt8]
    public let pcr8: PCRValue
    private let privateKey: P384.Signing.PrivateKey

    public init(certificatePath: String, privateKeyPath: String) throws {
        let certificateText = try Self.readText(certificatePath, what: "signing certificate")
        let keyText = try Self.readText(privateKeyPath, what: "private key")
        let der = try Self.certificateDER(certificateText, path: certificatePath)
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw EIFInputError("\(certificatePath): not an X.509 certificate: \(error)")
        }
        guard let publicKey = P384.Signing.PublicKey(certificate.publicKey) else {
            throw EIFInputError("\(certificatePath): the certificate's key is not ECDSA P-384, which Nitro signing requires")
        }
        let key = try Self.privateKey(keyText, path: privateKeyPath)
        guard key.publicKey.rawRepresentation == publicKey.rawRepresentation else {
            throw EIFInputError("\(privateKeyPath): this private key does not belong to the certificate \(certificatePath)")
        }
        self.certificatePEM = Array(certificateText.utf8)
        self.privateKey = key
        self.pcr8 = PCRValue.measuring(der)
    }

    public func signatureSection(pcr0: PCRValue) throws -> [UInt8] {
        let payload = CBOREncoder.encode(Self.pcrInfo(pcr0))
        let signature = try COSESign1.sign(payload: payload, with: privateKey).encoded(tagged: false)
        return CBOREncoder.encode(.array([
            .textMap(["signing_certificate": .uintArray(certificatePEM), "signature": .uintArray(signature)]),
        ]))
    }

    /// The signed payload: serde's encoding of `PcrInfo { register_index: 0, register_value: PCR0 }`.
    static func pcrInfo(_ pcr0: PCRValue) -> CBOR {
        .textMap(["register_index": .unsigned(0), "register_value": .uintArray(pcr0.bytes)])
    }

    /// The DER of the first certificate in a PEM file.
    static func certificateDER(_ pem: String, path: String) throws -> [UInt8] {
        guard let block = pemBlocks(pem).first(where: { $0.label == "CERTIFICATE" }) else {
            throw EIFInputError("\(path): no \"-----BEGIN CERTIFICATE-----\" block")
        }
        return block.der
    }

    private static func privateKey(_ pem: String, path: String) throws -> P384.Signing.PrivateKey {
        guard let block = pemBlocks(pem).first(where: { $0.label.hasSuffix("PRIVATE KEY") }) else {
            throw EIFInputError("\(path): no PEM private key block")
        }
        do {
            return try P384.Signing.PrivateKey(derRepresentation: block.der)
        } catch {
            throw EIFInputError("\(path): not an ECDSA P-384 private key (\(block.label)): \(error)")
        }
    }

    /// PEM blocks in order (a key file from `openssl ecparam -genkey` starts with EC PARAMETERS).
    private static func pemBlocks(_ text: String) -> [(label: String, der: [UInt8])] {
        var blocks: [(String, [UInt8])] = []
        var remaining = Substring(text)
        while let begin = remaining.range(of: "-----BEGIN ") {
            guard let labelEnd = remaining[begin.upperBound...].range(of: "-----") else { break }
            let label = String(remaining[begin.upperBound..<labelEnd.lowerBound])
            guard let end = remaining[labelEnd.upperBound...].range(of: "-----END \(label)-----") else { break }
            let whole = String(remaining[begin.lowerBound..<end.upperBound])
            if let document = try? PEMDocument(pemString: whole) { blocks.append((label, Array(document.derBytes))) }
            remaining = remaining[end.upperBound...]
        }
        return blocks
    }

    private static func readText(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EIFInputError("\(path): cannot read the \(what): \(error.localizedDescription)")
        }
    }
}
