import Crypto
import Foundation
import SwiftASN1
import X509

/// A development certificate hierarchy of the same shape as AWS's Nitro chain: root (no path length) →
/// regional (2) → zonal (1) → instance (0) → leaf (not a CA), all ECDSA P-384 with SHA-384. Documents
/// signed under it verify only against its root, never against the AWS root.
public struct DevelopmentCA: Sendable {
    public let rootKey: P384.Signing.PrivateKey
    public let root: Certificate
    /// Regional, zonal and instance certificates, in issuing order (root's child first).
    public let intermediates: [Certificate]
    public let leafKey: P384.Signing.PrivateKey
    public let leaf: Certificate

    /// A hierarchy with a fresh root; `now` anchors validity (the leaf lives three hours, like AWS's).
    public init(now: Date = Date()) throws {
        let rootKey = P384.Signing.PrivateKey()
        let root = try Self.issue(
            subject: try Self.rootName(), key: rootKey.publicKey, issuer: try Self.rootName(), issuerKey: rootKey, serial: 1,
            validity: now.addingTimeInterval(-86_400)...now.addingTimeInterval(3650 * 86_400), pathLength: .some(nil))
        try self.init(rootKey: rootKey, root: root, now: now)
    }

    /// A hierarchy under an existing root (so several processes share one development root); fresh
    /// intermediates and leaf.
    public init(rootKey: P384.Signing.PrivateKey, root: Certificate, now: Date = Date()) throws {
        guard root.publicKey == Certificate.PublicKey(rootKey.publicKey) else {
            throw DevelopmentCAError("the root certificate does not belong to the root key")
        }
        self.rootKey = rootKey
        self.root = root
        let day: TimeInterval = 86_400
        var issuerName = root.subject
        var issuerKey = rootKey
        var chain: [Certificate] = []
        for (level, pathLength) in [("regional", 2), ("zonal", 1), ("instance", 0)] {
            let key = P384.Signing.PrivateKey()
            let name = try DistinguishedName {
                CountryName("US"); OrganizationName("nitroforge"); OrganizationalUnitName("development")
                CommonName("\(level).development.nitroforge")
            }
            chain.append(try Self.issue(subject: name, key: key.publicKey, issuer: issuerName, issuerKey: issuerKey,
                                        serial: UInt64(chain.count + 2), validity: now.addingTimeInterval(-day)...now.addingTimeInterval(10 * day),
                                        pathLength: .some(pathLength)))
            issuerName = name
            issuerKey = key
        }
        intermediates = chain
        leafKey = P384.Signing.PrivateKey()
        let leafName = try DistinguishedName {
            CountryName("US"); OrganizationName("nitroforge"); OrganizationalUnitName("development")
            CommonName("enclave.development.nitroforge")
        }
        leaf = try Self.issue(subject: leafName, key: leafKey.publicKey, issuer: issuerName, issuerKey: issuerKey, serial: 5,
                              validity: now.addingTimeInterval(-60)...now.addingTimeInterval(3 * 3600), pathLength: nil)
    }

    private static func rootName() throws -> DistinguishedName {
        try DistinguishedName {
            CountryName("US"); OrganizationName("nitroforge"); OrganizationalUnitName("development")
            CommonName("nitroforge.development.root")
        }
    }

    /// The root as PEM, for `--dev-root` and `verify-attestation --root`.
    public func rootPEM() throws -> String {
        try root.serializeAsPEM().pemString
    }

    /// Loads `root.pem` and `root-key.pem` from `directory`, creating both when absent, so the emulator and
    /// `nitroforge dev kms --dev-root` agree on one root across processes.
    public static func shared(in directory: URL, now: Date = Date()) throws -> DevelopmentCA {
        let certificateURL = directory.appendingPathComponent("root.pem")
        let keyURL = directory.appendingPathComponent("root-key.pem")
        if FileManager.default.fileExists(atPath: certificateURL.path) {
            let key = try P384.Signing.PrivateKey(pemRepresentation: String(contentsOf: keyURL, encoding: .utf8))
            let root = try Certificate(pemEncoded: String(contentsOf: certificateURL, encoding: .utf8))
            return try DevelopmentCA(rootKey: key, root: root, now: now)
        }
        let created = try DevelopmentCA(now: now)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write(created.rootKey.pemRepresentation, to: keyURL, permissions: 0o600)
        try write(try created.rootPEM(), to: certificateURL, permissions: 0o644)
        return created
    }

    /// Writes beside the target, then renames, so a reader never sees half a file.
    private static func write(_ text: String, to url: URL, permissions: Int) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        try Data(text.utf8).write(to: temporary)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
        try FileManager.default.moveItem(at: temporary, to: url)
    }

    /// `cabundle` as the NSM sends it: root first, then each intermediate.
    public func cabundle() throws -> [[UInt8]] {
        try ([root] + intermediates).map(Self.der)
    }

    public func leafDER() throws -> [UInt8] {
        try Self.der(leaf)
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// - Parameter pathLength: nil for an end-entity certificate; `.some(nil)` for a CA without a limit.
    private static func issue(
        subject: DistinguishedName, key: P384.Signing.PublicKey, issuer: DistinguishedName, issuerKey: P384.Signing.PrivateKey,
        serial: UInt64, validity: ClosedRange<Date>, pathLength: Int??
    ) throws -> Certificate {
        let extensions: Certificate.Extensions
        if let pathLength {
            extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: pathLength))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            }
        } else {
            extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                KeyUsage(digitalSignature: true)
            }
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(bytes: withUnsafeBytes(of: serial.bigEndian, Array.init)),
            publicKey: Certificate.PublicKey(key), notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound,
            issuer: issuer, subject: subject, signatureAlgorithm: .ecdsaWithSHA384, extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(issuerKey))
    }
}

/// A development CA that cannot be assembled from what it was given.
public struct DevelopmentCAError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = "development CA: \(description)"
    }
}
