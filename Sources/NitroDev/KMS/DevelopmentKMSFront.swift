import AsyncHTTPClient
import Attestation
import AttestationVerification
import Foundation
import NIOCore
import NIOHTTP1

/// What KMS does with `Recipient`, in front of a KMS stand-in (moto) that ignores it: a request carrying
/// a `Recipient` has its attestation document verified against the development root, is forwarded without
/// the `Recipient`, and is answered with `CiphertextForRecipient` (CMS for the document's RSA key) and no
/// `Plaintext`. Other requests pass through unchanged. The upstream must not check SigV4 signatures, since
/// the forwarded body differs from the signed one (moto without authentication).
public struct DevelopmentKMSFront: Sendable {
    /// One KMS JSON answer.
    public struct Reply: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// Largest request or response body handled.
    public static let maxBodyBytes = 1 << 20
    /// Documents older than this are refused, as KMS refuses stale attestation.
    public static let maxDocumentAgeSeconds: Int64 = 300

    public let upstream: URL
    public let verifier: AttestationVerifier
    private let httpClient: HTTPClient

    public init(upstream: URL, verifier: AttestationVerifier, httpClient: HTTPClient = .shared) {
        self.upstream = upstream
        self.verifier = verifier
        self.httpClient = httpClient
    }

    /// Handles one request body with its headers (`X-Amz-Target`, `Content-Type`, `Authorization`, …).
    public func handle(body: [UInt8], headers: [(String, String)], now: Date = Date()) async throws -> Reply {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let recipient = object["Recipient"]
        else {
            return try await forward(body, headers: headers)
        }
        let recipientKey: [UInt8]
        do {
            recipientKey = try await verifiedRecipientKey(recipient, now: now)
        } catch {
            return Self.error("ValidationException", error.description)
        }
        var withoutRecipient = object
        withoutRecipient.removeValue(forKey: "Recipient")
        let upstreamReply = try await forward(Array(try JSONSerialization.data(withJSONObject: withoutRecipient)), headers: headers)
        guard upstreamReply.status == 200 else { return upstreamReply }
        guard var answer = try JSONSerialization.jsonObject(with: Data(upstreamReply.body)) as? [String: Any],
              let plaintextText = answer["Plaintext"] as? String, var plaintext = Data(base64Encoded: plaintextText)
        else {
            return Self.error("KMSInternalException", "upstream answer has no Plaintext to wrap for the recipient")
        }
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        answer.removeValue(forKey: "Plaintext")
        let envelope = try RecipientEnvelopeWriter.envelope(Array(plaintext), recipientSPKI: recipientKey)
        answer["CiphertextForRecipient"] = Data(envelope).base64EncodedString()
        return Reply(status: 200, body: Array(try JSONSerialization.data(withJSONObject: answer)))
    }

    /// The document's public key, after the document verified against the development root.
    private func verifiedRecipientKey(_ recipient: Any, now: Date) async throws(RecipientRefusal) -> [UInt8] {
        guard let fields = recipient as? [String: Any] else { throw RecipientRefusal("Recipient is not an object") }
        guard fields["KeyEncryptionAlgorithm"] as? String == "RSAES_OAEP_SHA_256" else {
            throw RecipientRefusal("Recipient.KeyEncryptionAlgorithm must be RSAES_OAEP_SHA_256")
        }
        guard let text = fields["AttestationDocument"] as? String, let document = Data(base64Encoded: text) else {
            throw RecipientRefusal("Recipient.AttestationDocument is not base64")
        }
        // Key-policy conditions on PCRs are a later step; here the document must be authentic and fresh.
        let expectations = AttestationExpectations(maxAgeSeconds: Self.maxDocumentAgeSeconds, allowDebugMode: true)
        let signed: SignedAttestation
        do { signed = try await verifier.verify(Array(document), at: now, expecting: expectations) } catch {
            throw RecipientRefusal("Recipient.AttestationDocument: \(error)")
        }
        guard let key = signed.document.publicKey else { throw RecipientRefusal("Recipient.AttestationDocument has no public_key") }
        return key
    }

    private func forward(_ body: [UInt8], headers: [(String, String)]) async throws -> Reply {
        var request = HTTPClientRequest(url: upstream.absoluteString)
        request.method = .POST
        for (name, value) in headers where Self.forwardedHeaders.contains(name.lowercased()) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: Self.maxBodyBytes)
        return Reply(status: Int(response.status.code), body: Array(buffer: answer))
    }

    private static let forwardedHeaders: Set<String> = ["x-amz-target", "content-type", "authorization", "x-amz-date", "x-amz-security-token"]

    static func error(_ type: String, _ message: String) -> Reply {
        let body = try? JSONSerialization.data(withJSONObject: ["__type": type, "message": message], options: [.sortedKeys])
        return Reply(status: 400, body: Array(body ?? Data()))
    }
}

/// A `Recipient` the front refuses, with the reason sent back to the client.
struct RecipientRefusal: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
