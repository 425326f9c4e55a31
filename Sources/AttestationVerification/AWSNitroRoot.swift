import Attestation
import Crypto
import NitroFormats
import SwiftASN1
import X509

/// The AWS Nitro Enclaves root CA (AWS_NitroEnclaves_Root-G1), compiled in so that verification needs no
/// download, and checked against its DER SHA-256 fingerprint before use.
public enum AWSNitroRoot {
    /// SHA-256 of the root's DER encoding.
    public static let fingerprint = "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b"

    /// From aws-nitro-enclaves-nsm-api `docs/attestation_process.md` (the zip AWS publishes); same text as
    /// hf/nitrite's `DefaultCARoots`.
    public static let pem = """
        -----BEGIN CERTIFICATE-----
        MIICETCCAZagAwIBAgIRAPkxdWgbkK/hHUbMtOTn+FYwCgYIKoZIzj0EAwMwSTEL
        MAkGA1UEBhMCVVMxDzANBgNVBAoMBkFtYXpvbjEMMAoGA1UECwwDQVdTMRswGQYD
        VQQDDBJhd3Mubml0cm8tZW5jbGF2ZXMwHhcNMTkxMDI4MTMyODA1WhcNNDkxMDI4
        MTQyODA1WjBJMQswCQYDVQQGEwJVUzEPMA0GA1UECgwGQW1hem9uMQwwCgYDVQQL
        DANBV1MxGzAZBgNVBAMMEmF3cy5uaXRyby1lbmNsYXZlczB2MBAGByqGSM49AgEG
        BSuBBAAiA2IABPwCVOumCMHzaHDimtqQvkY4MpJzbolL//Zy2YlES1BR5TSksfbb
        48C8WBoyt7F2Bw7eEtaaP+ohG2bnUs990d0JX28TcPQXCEPZ3BABIeTPYwEoCWZE
        h8l5YoQwTcU/9KNCMEAwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUkCW1DdkF
        R+eWw5b6cp3PmanfS5YwDgYDVR0PAQH/BAQDAgGGMAoGCCqGSM49BAMDA2kAMGYC
        MQCjfy+Rocm9Xue4YnwWmNJVA44fA0P5W2OpYow9OYCVRaEevL8uO1XYru5xtMPW
        rfMCMQCi85sWBbJwKKXdS6BptQFuZbT73o/gBh1qUxl/nNr12UO8Yfwr6wPLb+6N
        IwLz3/Y=
        -----END CERTIFICATE-----
        """

    /// The root, after checking that its DER has the pinned fingerprint.
    public static func certificate() throws -> Certificate {
        let document = try PEMDocument(pemString: pem)
        let actual = Hex.encode(SHA256.hash(data: document.derBytes))
        guard actual == fingerprint else { throw AttestationError.rootFingerprint(actual) }
        return try Certificate(derEncoded: document.derBytes)
    }
}
