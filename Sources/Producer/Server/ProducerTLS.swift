import Crypto
import Foundation
import NIOSSL
import NitroFormats
import SwiftASN1
import X509

/// The producer's own TLS (the load balancer's hop to it carries plaintext jobs): PEM files, or a key and
/// certificate made at start whose SHA-256 fingerprint is logged, so an operator can check what a client sees.
enum ProducerTLS {
    struct Made {
        var configuration: TLSConfiguration
        /// SHA-256 of the certificate's DER, lower-case hex.
        var fingerprint: String
    }

    static func configuration(_ tls: ProducerConfiguration.TLS, host: String) throws -> Made? {
        switch tls {
        case .none:
            return nil
        case .files(let certificateFile, let privateKeyFile):
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
            guard let leaf = chain.first else { throw TLSSetupError(file: certificateFile, reason: "holds no certificate") }
            let der = try leaf.toDERBytes()
            let key = try NIOSSLPrivateKey(file: privateKeyFile, format: .pem)
            return Made(configuration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)),
                        fingerprint: Hex.encode(SHA256.hash(data: der)))
        case .selfSigned:
            return try selfSigned(host: host)
        }
    }

    /// A P-256 key and a one-year certificate for `localhost`, 127.0.0.1 and the listening host.
    static func selfSigned(host: String) throws -> Made {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("nitroforge-producer") }
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]
        if host != "0.0.0.0", host != "localhost", host != "127.0.0.1" { names.append(.dnsName(host)) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(365 * 24 * 3600),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames(names)
                try ExtendedKeyUsage([.serverAuth])
            },
            issuerPrivateKey: .init(key))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let der = serializer.serializedBytes
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: der, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)))
        return Made(configuration: configuration, fingerprint: Hex.encode(SHA256.hash(data: der)))
    }
}

struct TLSSetupError: Error, CustomStringConvertible {
    var file: String
    var reason: String
    var description: String { "\(file): \(reason)" }
}
