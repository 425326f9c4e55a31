import Attestation
import Crypto
import SwiftASN1
import X509

/// What every Nitro attestation chain must satisfy beyond RFC 5280: ECDSA P-384 keys signed with
/// ecdsa-with-SHA384 throughout, key usage `keyCertSign` on every CA and `digitalSignature` on the leaf.
struct NitroCertificatePolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.keyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        for (position, certificate) in chain.enumerated() {
            let name = position == 0 ? "leaf" : "issuer \(position) (\(certificate.subject))"
            if let problem = Self.problem(with: certificate, isLeaf: position == 0) {
                return .failsToMeetPolicy(reason: "\(name): \(problem)")
            }
        }
        return .meetsPolicy
    }

    /// Why `certificate` does not fit the Nitro chain shape, or nil when it does.
    static func problem(with certificate: Certificate, isLeaf: Bool) -> String? {
        guard P384.Signing.PublicKey(certificate.publicKey) != nil else { return "public key is not ECDSA P-384" }
        guard certificate.signatureAlgorithm == .ecdsaWithSHA384 else {
            return "signature algorithm is \(certificate.signatureAlgorithm), not ecdsa-with-SHA384"
        }
        let usage: KeyUsage?
        do { usage = try certificate.extensions.keyUsage } catch { return "key usage extension does not decode" }
        guard let usage else { return "has no key usage extension" }
        if isLeaf {
            guard usage.digitalSignature else { return "key usage lacks digitalSignature" }
        } else {
            guard usage.keyCertSign else { return "key usage lacks keyCertSign" }
        }
        return nil
    }
}
