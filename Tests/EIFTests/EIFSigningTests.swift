import Foundation
import XCTest

@testable import EIF

final class EIFSigningTests: XCTestCase {
    func testSignedBuildVerifiesWithOpenSSLAndPCR8IsTheCertificateMeasurement() throws {
        let openssl = try requireTool("openssl")
        let folder = try TemporaryFolder()
        let blobs = try SyntheticBlobs(in: folder)
        try folder.write("rootfs/app", Array("app".utf8), mode: 0o755)
        let key = folder.path + "/key.pem"
        let certificate = folder.path + "/cert.pem"
        try runTool(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp384r1", "-nodes",
                              "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=nitroforge-test"])
        try runTool(openssl, ["x509", "-in", certificate, "-outform", "DER", "-out", folder.path + "/cert.der"])
        try runTool(openssl, ["x509", "-in", certificate, "-pubkey", "-noout", "-out", folder.path + "/pub.pem"])

        let output = folder.path + "/signed.eif"
        let request = EIFBuildRequest(architecture: .x86_64, blobs: blobs.blobs, image: .rootfs(path: folder.path + "/rootfs"),
                                      command: ["/app"], environment: [], outputPath: output)
        let result = try EIFBuilder().build(request, signer: try EIFSigner(certificatePath: certificate, privateKeyPath: key))
        XCTAssertEqual(result.measurements.pcr8?.hex, Independent.pcr(try folder.read("cert.der")))

        let eif = try readBytes(output)
        XCTAssertEqual(Independent.bigEndian(eif, at: 544, as: UInt32.self), Independent.crc32(Array(eif[0..<544]) + Array(eif[548...])))
        let sections = Independent.sections(of: eif)
        XCTAssertEqual(sections.map(\.type), [1, 2, 5, 3, 3, 4])
        XCTAssertEqual(result.measurements.pcr0.hex,
                       Independent.pcr(sections[0].payload + sections[1].payload + sections[3].payload + sections[4].payload),
                       "the signature section is not measured")
        guard let entries = MiniCBOR.decode(sections[5].payload)?.array, entries.count == 1,
              let pem = entries[0]["signing_certificate"]?.byteArray,
              let coseBytes = entries[0]["signature"]?.byteArray,
              let cose = MiniCBOR.decode(coseBytes)?.array, cose.count == 4,
              let protected = cose[0].bytesValue, let payloadBytes = cose[2].bytesValue, let signature = cose[3].bytesValue
        else { return XCTFail("signature section is not [{signing_certificate: [u8], signature: [u8]}] with an untagged COSE_Sign1") }
        XCTAssertEqual(pem, try folder.read("cert.pem"))
        XCTAssertEqual(MiniCBOR.decode(protected), .map([(.unsigned(1), .negative(34))]), "protected header {1: -35}")
        let payload = MiniCBOR.decode(payloadBytes)
        XCTAssertEqual(payload?["register_index"], .unsigned(0))
        XCTAssertEqual(payload?["register_value"]?.byteArray, result.measurements.pcr0.bytes)

        // Sig_structure ["Signature1", protected, h'', payload], verified by openssl with the certificate's key.
        let toBeSigned = [0x84] + MiniCBOR.encodeString(major: 3, Array("Signature1".utf8)) + MiniCBOR.encodeString(major: 2, protected)
            + [0x40] + MiniCBOR.encodeString(major: 2, payloadBytes)
        try folder.write("tbs.bin", toBeSigned)
        try folder.write("sig.der", Self.derSignature(signature))
        let verified = try runTool(openssl, ["dgst", "-sha384", "-verify", folder.path + "/pub.pem", "-signature", folder.path + "/sig.der",
                                             folder.path + "/tbs.bin"])
        XCTAssertTrue(verified.contains("Verified OK"), verified)

        let description = try EIFDescription(path: output)
        XCTAssertTrue(description.isSigned)
        XCTAssertEqual(description.signatureCheck, true)
        XCTAssertEqual(description.measurements, result.measurements)
    }

    func testKeyThatDoesNotMatchTheCertificateIsRefused() throws {
        let openssl = try requireTool("openssl")
        let folder = try TemporaryFolder()
        try runTool(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp384r1", "-nodes",
                              "-keyout", folder.path + "/key.pem", "-out", folder.path + "/cert.pem", "-days", "2", "-subj", "/CN=a"])
        try runTool(openssl, ["ecparam", "-name", "secp384r1", "-genkey", "-out", folder.path + "/other.pem"])
        XCTAssertThrowsError(try EIFSigner(certificatePath: folder.path + "/cert.pem", privateKeyPath: folder.path + "/other.pem")) {
            XCTAssertTrue("\($0)".contains("does not belong to the certificate"), "\($0)")
        }
    }

    /// Raw r‖s (96 bytes) as a DER ECDSA-Sig-Value, the form openssl verifies.
    static func derSignature(_ raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop { $0 == 0 })
            if value.isEmpty || value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(raw[0..<48]) + integer(raw[48..<96])
        return [0x30, UInt8(body.count)] + body
    }
}
