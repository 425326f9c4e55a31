import Attestation
import Foundation
import XCTest
import _CryptoExtras

final class CMSEnvelopedDataTests: XCTestCase {
    func testKMSSamplesParseToExactlyTheExpectedKeyIVAndCiphertext() throws {
        for sample in ["sdkc-envelopeddata-indefinite", "sdkc-envelopeddata-ctx-specific"] {
            let envelope = try CMSEnvelopedData(berEncoded: try FixtureLoader.bytes("kms-cms/\(sample).ber"))
            XCTAssertEqual(envelope.encryptedKey, try FixtureLoader.bytes("kms-cms/\(sample).expected-encrypted-key.bin"), sample)
            XCTAssertEqual(envelope.iv, try FixtureLoader.bytes("kms-cms/\(sample).expected-iv.bin"), sample)
            XCTAssertEqual(envelope.ciphertext, try FixtureLoader.bytes("kms-cms/\(sample).expected-ciphertext.bin"), sample)
            guard case .subjectKeyIdentifier(let identifier) = envelope.recipient else { return XCTFail("\(sample): rid is not an SKI") }
            XCTAssertEqual(identifier.count, 32, sample)
        }
    }

    func testOpenSSLEnvelopesInDERAndBERDecryptToTheOriginalBytes() throws {
        let openssl = try OpenSSL()
        let plaintext = (0..<5000).map { _ in UInt8.random(in: 0...255) }
        let variants: [(String, [String])] = [
            ("DER", ["-outform", "DER"]),
            ("BER streamed", ["-outform", "DER", "-stream"]),
            ("BER streamed, SKI recipient", ["-outform", "DER", "-stream", "-keyid"]),
        ]
        for (label, options) in variants {
            let encoded = try openssl.encrypt(plaintext, options: options)
            let envelope = try CMSEnvelopedData(berEncoded: encoded)
            XCTAssertEqual(try envelope.decrypt(with: openssl.privateKey), plaintext, label)
        }
        // The streamed form really uses indefinite lengths (0x80 after the outer SEQUENCE tag).
        XCTAssertEqual(try openssl.encrypt(plaintext, options: ["-outform", "DER", "-stream"]).prefix(2), [0x30, 0x80])
    }

    func testWrongKeyTamperedContentAndOtherAlgorithmsAreRefused() throws {
        let openssl = try OpenSSL()
        let plaintext = Array("a 32-byte data key for the test!".utf8)
        let envelope = try CMSEnvelopedData(berEncoded: try openssl.encrypt(plaintext, options: ["-outform", "DER"]))
        let otherKey = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        XCTAssertThrowsError(try envelope.decrypt(with: otherKey)) {
            XCTAssertEqual(($0 as? CMSError)?.field, "KeyTransRecipientInfo.encryptedKey")
        }
        var tampered = envelope
        tampered.ciphertext[tampered.ciphertext.count - 1] ^= 0x01
        XCTAssertNotEqual(try? tampered.decrypt(with: openssl.privateKey), plaintext)

        // OAEP with openssl's defaults (SHA-1) is not what KMS sends and is refused by name.
        let sha1 = try openssl.encrypt(plaintext, options: ["-outform", "DER"], oaepDigest: nil)
        XCTAssertThrowsError(try CMSEnvelopedData(berEncoded: sha1)) {
            XCTAssertEqual(($0 as? CMSError)?.field, "KeyTransRecipientInfo.keyEncryptionAlgorithm.hashAlgorithm")
        }
    }

    func testTruncatedEnvelopeNamesTheProblem() throws {
        let bytes = try FixtureLoader.bytes("kms-cms/sdkc-envelopeddata-indefinite.ber")
        XCTAssertThrowsError(try CMSEnvelopedData(berEncoded: Array(bytes.dropLast(40)))) {
            XCTAssertEqual(($0 as? CMSError)?.field, "ContentInfo")
        }
    }
}

/// Runs the system `openssl` as an independent CMS producer, with a fresh RSA-2048 key and certificate.
struct OpenSSL {
    let directory: URL
    let privateKey: _RSA.Encryption.PrivateKey

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                      "-subj", "/CN=nitroforge-test", "-days", "1"], in: directory)
        privateKey = try _RSA.Encryption.PrivateKey(pemRepresentation: String(contentsOf: directory.appendingPathComponent("key.pem"), encoding: .utf8))
    }

    /// `openssl cms -encrypt` of `plaintext` to the certificate, RSAES-OAEP (SHA-256 unless `oaepDigest` is nil) and AES-256-CBC.
    func encrypt(_ plaintext: [UInt8], options: [String], oaepDigest: String? = "sha256") throws -> [UInt8] {
        let input = directory.appendingPathComponent("plain.bin")
        let output = directory.appendingPathComponent("out.cms")
        try Data(plaintext).write(to: input)
        var arguments = ["cms", "-encrypt", "-binary", "-in", "plain.bin", "-out", "out.cms", "-recip", "cert.pem",
                         "-keyopt", "rsa_padding_mode:oaep"]
        if let oaepDigest { arguments += ["-keyopt", "rsa_oaep_md:\(oaepDigest)", "-keyopt", "rsa_mgf1_md:\(oaepDigest)"] }
        try Self.run(arguments + ["-aes-256-cbc"] + options, in: directory)
        return Array(try Data(contentsOf: output))
    }

    static func run(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError(description: "`openssl \(arguments.joined(separator: " "))` failed; install openssl (run scripts/test.sh)")
        }
    }
}
