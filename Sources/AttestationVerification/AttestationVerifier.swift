@_spi(FixedExpiryValidationTime) import X509
import Attestation
import Crypto
import Foundation
import SwiftASN1

/// Verifies attestation documents against one pinned root: the AWS Nitro root in production, the
/// development root with the emulator. Checks, in order: size; COSE_Sign1 shape and ES384; payload
/// field rules; each certificate parses; `cabundle[0]` is the pinned root; the chain
/// every certificate is valid at the chosen time; the chain [certificate, cabundle[n-1] … cabundle[1]]
/// validates to the root at that time (validity, basic constraints and path length, key usage,
/// P-384/SHA-384, link signatures) and is exactly that path; the COSE signature with the leaf key; then the
/// caller's expectations (`AttestationExpectations.check`).
public struct AttestationVerifier: Sendable {
    public let root: Certificate
    private let rootDER: [UInt8]

    public init(root: Certificate) throws {
        self.root = root
        var serializer = DER.Serializer()
        try serializer.serialize(root)
        rootDER = serializer.serializedBytes
    }

    /// A verifier for a root given as PEM text.
    public init(rootPEM: String) throws {
        try self.init(root: try Certificate(pemEncoded: rootPEM))
    }

    /// A verifier pinned to the compiled-in AWS Nitro Enclaves root.
    public static func awsNitro() throws -> AttestationVerifier {
        try AttestationVerifier(root: try AWSNitroRoot.certificate())
    }

    /// Parses and verifies `bytes`; see the type's description for the order of checks.
    public func verify(
        _ bytes: [UInt8], at time: Date = Date(), expecting expectations: AttestationExpectations = .init()
    ) async throws(AttestationError) -> SignedAttestation {
        let signed = try SignedAttestation(bytes: bytes)
        try await verify(signed, at: time, expecting: expectations)
        return signed
    }

    /// Verifies an already parsed document.
    public func verify(
        _ signed: SignedAttestation, at time: Date = Date(), expecting expectations: AttestationExpectations = .init()
    ) async throws(AttestationError) {
        try await authenticate(signed, at: time)
        try expectations.check(signed.document, atUnixSeconds: Int64(time.timeIntervalSince1970.rounded(.down)))
    }

    /// Proves the document comes from a module holding a certificate issued under the pinned root, without
    /// looking at PCRs or other contents.
    public func authenticate(_ signed: SignedAttestation, at time: Date) async throws(AttestationError) {
        let document = signed.document
        let leaf = try Self.parse(document.certificate, name: "certificate")
        var bundle: [Certificate] = []
        for (index, der) in document.cabundle.enumerated() {
            bundle.append(try Self.parse(der, name: "cabundle[\(index)]"))
        }
        guard document.cabundle[0] == rootDER else { throw .untrustedRoot }
        try Self.checkValidity(leaf: leaf, bundle: bundle, at: time)
        try await validateChain(leaf: leaf, bundle: bundle, at: time)
        guard let leafKey = P384.Signing.PublicKey(leaf.publicKey) else {
            throw .certificate("certificate", "public key is not ECDSA P-384")
        }
        do { try signed.message.verify(with: leafKey) } catch { throw .signature }
    }

    private func validateChain(leaf: Certificate, bundle: [Certificate], at time: Date) async throws(AttestationError) {
        var verifier = Verifier(rootCertificates: CertificateStore([root])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            NitroCertificatePolicy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(bundle.dropFirst()))
        switch result {
        case .validCertificate(let chain):
            // The chain must be exactly the one the document names, not another path through the store.
            let expected = [leaf] + bundle.reversed()
            guard Array(chain) == expected else {
                throw .chain("validated path has \(chain.count) certificates, not the \(expected.count) the document names")
            }
        case .couldNotValidate(let failures):
            let reasons = failures.map { $0.policyFailureReason.description }
            throw .chain(reasons.isEmpty ? "no path from the leaf to the trusted root" : Array(Set(reasons)).sorted().joined(separator: "; "))
        }
    }

    /// Names the first certificate not valid at `time` (swift-certificates checks it too, less readably).
    private static func checkValidity(leaf: Certificate, bundle: [Certificate], at time: Date) throws(AttestationError) {
        let named = [("certificate", leaf)] + bundle.enumerated().reversed().map { ("cabundle[\($0.offset)]", $0.element) }
        for (name, certificate) in named where !(certificate.notValidBefore...certificate.notValidAfter).contains(time) {
            throw .certificate(name, "is not valid at \(time.ISO8601Format()) (valid \(certificate.notValidBefore.ISO8601Format()) .. \(certificate.notValidAfter.ISO8601Format()))")
        }
    }

    private static func parse(_ der: [UInt8], name: String) throws(AttestationError) -> Certificate {
        do { return try Certificate(derEncoded: der) } catch { throw .certificate(name, "does not parse as X.509 DER (\(error))") }
    }
}
