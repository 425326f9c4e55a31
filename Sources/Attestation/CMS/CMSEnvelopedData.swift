import SwiftASN1

/// The parts of a CMS EnvelopedData (RFC 5652 §6) that KMS uses for `CiphertextForRecipient`: one
/// KeyTransRecipientInfo with RSAES-OAEP (SHA-256, MGF1-SHA-256) and AES-256-CBC content. BER with
/// indefinite lengths is accepted, and the encrypted content may be primitive or chunked.
public struct CMSEnvelopedData: Sendable, Equatable {
    /// How the recipient's key is named.
    public enum RecipientIdentifier: Sendable, Equatable {
        /// `[0] SubjectKeyIdentifier` (what KMS sends).
        case subjectKeyIdentifier([UInt8])
        /// `IssuerAndSerialNumber`, kept as its encoding (what `openssl cms -encrypt` writes by default).
        case issuerAndSerialNumber([UInt8])
    }

    public var recipient: RecipientIdentifier
    /// The RSA-OAEP-wrapped content-encryption key.
    public var encryptedKey: [UInt8]
    /// AES-256-CBC initialisation vector.
    public var iv: [UInt8]
    /// AES-256-CBC ciphertext with PKCS#7 padding.
    public var ciphertext: [UInt8]

    enum OID {
        static let envelopedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 3]
        static let data: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 1]
        static let rsaesOAEP: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 7]
        static let mgf1: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 8]
        static let pSpecified: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 9]
        static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
        static let aes256CBC: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 1, 42]
    }

    /// Parses a ContentInfo holding EnvelopedData.
    public init(berEncoded bytes: [UInt8]) throws(CMSError) {
        let root: ASN1Node
        do { root = try BER.parse(bytes) } catch { throw CMSError("ContentInfo", "is not valid BER (\(error))") }
        let contentInfo = try BERReader.children(root, "ContentInfo")
        guard contentInfo.count == 2 else { throw CMSError("ContentInfo", "has \(contentInfo.count) elements, expected 2") }
        let contentType = try BERReader.objectIdentifier(contentInfo[0], "ContentInfo.contentType")
        guard contentType == OID.envelopedData else { throw CMSError("ContentInfo.contentType", "is \(contentType), not envelopedData") }
        let explicit = try BERReader.children(contentInfo[1], "ContentInfo.content", tag: .context(0))
        guard explicit.count == 1 else { throw CMSError("ContentInfo.content", "holds \(explicit.count) elements, expected 1") }

        var parts = try BERReader.children(explicit[0], "EnvelopedData")[...]
        guard let versionNode = parts.popFirst() else { throw CMSError("EnvelopedData", "is empty") }
        let version = try BERReader.integer(versionNode, "EnvelopedData.version")
        guard [0, 2].contains(version) else { throw CMSError("EnvelopedData.version", "is \(version), expected 0 or 2") }
        if parts.first?.identifier == .context(0) { parts.removeFirst() }  // originatorInfo: not used for key transport
        guard let recipientsNode = parts.popFirst() else { throw CMSError("EnvelopedData.recipientInfos", "is missing") }
        let recipients = try BERReader.children(recipientsNode, "EnvelopedData.recipientInfos", tag: .set)
        guard recipients.count == 1 else {
            throw CMSError("EnvelopedData.recipientInfos", "has \(recipients.count) recipients, expected exactly 1")
        }
        (recipient, encryptedKey) = try Self.keyTransRecipient(recipients[0])
        guard let contentNode = parts.popFirst() else { throw CMSError("EnvelopedData.encryptedContentInfo", "is missing") }
        (iv, ciphertext) = try Self.encryptedContent(contentNode)
    }

    private static func keyTransRecipient(_ node: ASN1Node) throws(CMSError) -> (RecipientIdentifier, [UInt8]) {
        let field = "KeyTransRecipientInfo"
        let parts = try BERReader.children(node, field)
        guard parts.count == 4 else { throw CMSError(field, "has \(parts.count) elements, expected 4 (only key transport is supported)") }
        let version = try BERReader.integer(parts[0], "\(field).version")
        let recipient: RecipientIdentifier
        switch (version, parts[1].identifier) {
        case (2, .context(0)):
            recipient = .subjectKeyIdentifier(try BERReader.octets(parts[1], "\(field).rid", tag: .context(0)))
        case (0, .sequence):
            recipient = .issuerAndSerialNumber(Array(parts[1].encodedBytes))
        default:
            throw CMSError("\(field).rid", "version \(version) with tag \(parts[1].identifier) is not a valid key transport recipient")
        }
        try checkOAEPParameters(parts[2], "\(field).keyEncryptionAlgorithm")
        return (recipient, try BERReader.octets(parts[3], "\(field).encryptedKey"))
    }

    /// Requires rsaesOaep with SHA-256, MGF1 with SHA-256 and the empty label, the only parameters KMS uses.
    private static func checkOAEPParameters(_ node: ASN1Node, _ field: String) throws(CMSError) {
        let (oid, parameters) = try BERReader.algorithm(node, field)
        guard oid == OID.rsaesOAEP else { throw CMSError(field, "is \(oid), not rsaesOaep") }
        guard let parameters else { throw CMSError(field, "has no parameters (SHA-1 defaults), expected SHA-256") }
        var hash: ASN1ObjectIdentifier?
        var maskHash: ASN1ObjectIdentifier?
        for element in try BERReader.children(parameters, "\(field).parameters") {
            let inner = try BERReader.children(element, "\(field).parameters", tag: element.identifier)
            guard inner.count == 1 else { throw CMSError("\(field).parameters", "has an empty or multiple explicit element") }
            let (elementOID, elementParameters) = try BERReader.algorithm(inner[0], "\(field).parameters")
            switch element.identifier {
            case .context(0):
                hash = elementOID
            case .context(1):
                guard elementOID == OID.mgf1, let elementParameters else { throw CMSError("\(field).maskGenAlgorithm", "is not MGF1") }
                maskHash = try BERReader.algorithm(elementParameters, "\(field).maskGenAlgorithm.hash").0
            case .context(2):
                let label = try elementParameters.map { node throws(CMSError) in try BERReader.octets(node, "\(field).pSourceAlgorithm") }
                guard elementOID == OID.pSpecified, label?.isEmpty ?? true else { throw CMSError("\(field).pSourceAlgorithm", "is not the empty label") }
            default:
                throw CMSError("\(field).parameters", "has unknown element \(element.identifier)")
            }
        }
        guard hash == OID.sha256 else { throw CMSError("\(field).hashAlgorithm", "is \(hash.map { "\($0)" } ?? "SHA-1 (default)"), not SHA-256") }
        guard maskHash == OID.sha256 else {
            throw CMSError("\(field).maskGenAlgorithm", "hash is \(maskHash.map { "\($0)" } ?? "SHA-1 (default)"), not SHA-256")
        }
    }

    private static func encryptedContent(_ node: ASN1Node) throws(CMSError) -> ([UInt8], [UInt8]) {
        let field = "EncryptedContentInfo"
        let parts = try BERReader.children(node, field)
        guard parts.count == 3 else { throw CMSError(field, "has \(parts.count) elements, expected 3 (content must be present)") }
        let contentType = try BERReader.objectIdentifier(parts[0], "\(field).contentType")
        guard contentType == OID.data else { throw CMSError("\(field).contentType", "is \(contentType), not id-data") }
        let (algorithm, parameters) = try BERReader.algorithm(parts[1], "\(field).contentEncryptionAlgorithm")
        guard algorithm == OID.aes256CBC else { throw CMSError("\(field).contentEncryptionAlgorithm", "is \(algorithm), not aes256-CBC") }
        guard let parameters else { throw CMSError("\(field).contentEncryptionAlgorithm", "has no IV") }
        let iv = try BERReader.octets(parameters, "\(field).contentEncryptionAlgorithm.iv")
        guard iv.count == 16 else { throw CMSError("\(field).contentEncryptionAlgorithm.iv", "is \(iv.count) bytes, expected 16") }
        let ciphertext = try BERReader.octets(parts[2], "\(field).encryptedContent", tag: .context(0))
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
            throw CMSError("\(field).encryptedContent", "is \(ciphertext.count) bytes, not a positive multiple of the AES block size")
        }
        return (iv, ciphertext)
    }
}
