import Attestation
import Foundation
import NitroFormats
import X509

/// What `nitroforge verify-attestation` prints: the decoded document (whenever it parses, even if it then
/// fails) and the verdict, with the failing check's reason.
public struct AttestationReport: Sendable, Encodable {
    /// One certificate of the chain, leaf last.
    public struct CertificateSummary: Sendable, Encodable {
        public var subject: String
        /// ISO 8601.
        public var notValidBefore: String
        public var notValidAfter: String

        enum CodingKeys: String, CodingKey {
            case subject, notValidBefore = "not_valid_before", notValidAfter = "not_valid_after"
        }
    }

    public var verified: Bool
    public var failure: String?
    public var moduleID: String?
    /// ISO 8601, millisecond precision.
    public var timestamp: String?
    public var timestampMillis: UInt64?
    public var digest: String?
    /// Index (decimal string) → lower-case hex.
    public var pcrs: [String: String]?
    public var debugMode: Bool?
    public var publicKey: String?
    public var userData: String?
    public var nonce: String?
    public var certificates: [CertificateSummary]?

    enum CodingKeys: String, CodingKey {
        case verified, failure, moduleID = "module_id", timestamp, timestampMillis = "timestamp_ms", digest, pcrs, debugMode = "debug_mode"
        case publicKey = "public_key", userData = "user_data", nonce, certificates
    }

    init(document: AttestationDocument?, failure: String?) {
        verified = failure == nil
        self.failure = failure
        guard let document else { return }
        moduleID = document.moduleID
        timestamp = Date(timeIntervalSince1970: TimeInterval(document.timestamp) / 1000)
            .ISO8601Format(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        timestampMillis = document.timestamp
        digest = document.digest
        pcrs = Dictionary(uniqueKeysWithValues: document.pcrs.map { (String($0.key), Hex.encode($0.value)) })
        debugMode = document.isDebugMode
        publicKey = document.publicKey.map(Hex.encode)
        userData = document.userData.map(Hex.encode)
        nonce = document.nonce.map(Hex.encode)
        certificates = (document.cabundle + [document.certificate]).compactMap { der in
            guard let certificate = try? Certificate(derEncoded: der) else { return nil }
            return CertificateSummary(subject: "\(certificate.subject)", notValidBefore: certificate.notValidBefore.ISO8601Format(),
                                      notValidAfter: certificate.notValidAfter.ISO8601Format())
        }
    }

    /// Human-readable lines for the terminal.
    public var text: String {
        var lines: [String] = []
        if let moduleID { lines.append("module_id:   \(moduleID)") }
        if let timestamp, let timestampMillis { lines.append("timestamp:   \(timestamp) (\(timestampMillis) ms)") }
        if let digest { lines.append("digest:      \(digest)") }
        if let debugMode { lines.append("debug mode:  \(debugMode ? "yes (PCR0 all zero)" : "no")") }
        for (index, value) in (pcrs ?? [:]).sorted(by: { Int($0.key)! < Int($1.key)! }) {
            lines.append("PCR\(index)\(String(repeating: " ", count: max(1, 9 - index.count)))\(value)")
        }
        lines.append("public_key:  \(publicKey ?? "null")")
        lines.append("user_data:   \(userData ?? "null")")
        lines.append("nonce:       \(nonce ?? "null")")
        for certificate in certificates ?? [] {
            lines.append("certificate: \(certificate.subject) [\(certificate.notValidBefore) .. \(certificate.notValidAfter)]")
        }
        lines.append(verified ? "verified:    yes" : "verified:    NO")
        return lines.joined(separator: "\n")
    }
}
