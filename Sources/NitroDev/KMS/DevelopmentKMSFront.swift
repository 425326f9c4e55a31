import AWSCore
import AsyncHTTPClient
import Attestation
import AttestationVerification
import Foundation
import NIOCore
import NIOHTTP1
import NitroFormats
import PolicyEvaluator

/// What KMS does that moto does not, in front of moto: with `identities`, every request's SigV4 signature
/// is checked against the caller's secret, and the key policy stored on the key (read from moto with
/// `GetKeyPolicy`, kept for a second by `StoredPolicyCache`) is evaluated for the caller's principal, the action, the key, the encryption context and
/// the `Recipient` document's PCRs, exactly as the deployed policy would be on AWS; allowed requests go to
/// moto signed with the front's own credentials. A `Recipient` document is verified against the
/// development root (fail closed; debug-mode documents only with `allowDebug`), and the answer carries
/// `CiphertextForRecipient` and no `Plaintext`. Without `identities` the front only handles `Recipient`
/// and passes everything else through (for tests of the wrapping alone).
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
    public let identities: DevelopmentIdentities?
    public let allowDebug: Bool
    private let upstreamClient: KMSUpstream
    private let policies = StoredPolicyCache()
    private let httpClient: HTTPClient

    /// - Parameters:
    ///   - upstreamCredentials: what the front signs its own calls to `upstream` with.
    public init(upstream: URL, verifier: AttestationVerifier, identities: DevelopmentIdentities? = nil,
                upstreamCredentials: AWSCredentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"),
                region: String = "us-east-1", allowDebug: Bool = false, httpClient: HTTPClient = .shared) throws {
        self.upstream = upstream
        self.verifier = verifier
        self.identities = identities
        self.allowDebug = allowDebug
        self.httpClient = httpClient
        upstreamClient = try KMSUpstream(url: upstream, credentials: upstreamCredentials, region: region, httpClient: httpClient)
    }

    /// Handles one request: its body and every header received (`host` included).
    public func handle(body: [UInt8], headers: [(String, String)], method: String = "POST", path: String = "/",
                       now: Date = Date()) async throws -> Reply {
        var received = HTTPHeaders()
        for (name, value) in headers { received.add(name: name, value: value) }
        guard let target = received.first(name: "x-amz-target"), target.hasPrefix("TrentService.") else {
            return Self.error("UnknownOperationException", "X-Amz-Target is not a KMS operation")
        }
        let operation = String(target.dropFirst("TrentService.".count))
        guard var object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return Self.error("SerializationException", "the body is not a JSON object")
        }
        var caller: DevelopmentIdentities.Identity?
        if let identities {
            do {
                let verified = try SigV4Verifier { identities.identity(accessKeyID: $0)?.secretAccessKey }
                    .verify(method: method, path: path, headers: received, body: body, now: now)
                caller = identities.identity(accessKeyID: verified.accessKeyID)
            } catch {
                return Self.error(error.code, error.message)
            }
        }
        var recipient: VerifiedRecipient?
        if let field = object.removeValue(forKey: "Recipient") {
            do { recipient = try await verifiedRecipient(field, now: now) } catch {
                return Self.error("ValidationException", error.description)
            }
        }
        let forwardedBody = Array(try JSONSerialization.data(withJSONObject: object))
        /// What the caller gets back: with `Recipient`, the answer wrapped for the document's key.
        func answer(_ reply: Reply) throws -> Reply { try recipient.map { try Self.wrap(reply, for: $0) } ?? reply }
        guard let caller else {
            return try answer(try await forwardAsReceived(recipient == nil ? body : forwardedBody, headers: received))
        }
        let context = (object["EncryptionContext"] as? [String: String]) ?? [:]
        defer { policies.forget(after: operation) }
        let enforcer = KeyPolicyEnforcer(upstream: upstreamClient, policies: policies, principal: caller.principal, encryptionContext: context,
                                         attestation: recipient?.attestation)
        // Decrypt names its key only inside the ciphertext: moto opens it first, and nothing of the answer
        // leaves the front unless the key's policy allows the caller.
        if operation == "Decrypt", object["KeyId"] == nil {
            var reply = try await upstreamClient.call(operation, body: forwardedBody)
            guard reply.status == 200, let keyID = (try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])?["KeyId"] as? String
            else { return reply }
            if let denial = try await enforcer.check(action: "kms:Decrypt", keyID: keyID) {
                reply.body.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
                return denial
            }
            return try answer(reply)
        }
        for (action, keyID) in try await enforcer.keysTouched(by: operation, request: object) {
            if let denial = try await enforcer.check(action: action, keyID: keyID) { return denial }
        }
        return try answer(try await upstreamClient.call(operation, body: forwardedBody))
    }

    /// One caller's request as the policy sees it, for `decide`.
    public struct PolicyQuestion: Sendable {
        public var principal: String
        public var action: String
        public var encryptionContext: [String: String]
        public var attestation: RecipientAttestation?

        public init(principal: String, action: String, encryptionContext: [String: String] = [:], attestation: RecipientAttestation? = nil) {
            self.principal = principal
            self.action = action
            self.encryptionContext = encryptionContext
            self.attestation = attestation
        }
    }

    /// The decision every enforced request gets before it is forwarded, for many requests against the
    /// policy stored on `keyID` now (read once): nil where it allows, else KMS's denial.
    public func decide(_ questions: [PolicyQuestion], keyID: String) async throws -> [Reply?] {
        switch try await KeyPolicyEnforcer.storedPolicy(keyID: keyID, upstream: upstreamClient) {
        case .failure(let refusal):
            return questions.map { _ in refusal.reply }
        case .success(let stored):
            return questions.map {
                KeyPolicyEnforcer(upstream: upstreamClient, policies: policies, principal: $0.principal, encryptionContext: $0.encryptionContext,
                                  attestation: $0.attestation).decide(action: $0.action, under: stored)
            }
        }
    }

    /// A `Recipient` whose document verified: the key to wrap answers for, and the PCRs the policy sees.
    struct VerifiedRecipient {
        var publicKey: [UInt8]
        var attestation: RecipientAttestation
    }

    private func verifiedRecipient(_ recipient: Any, now: Date) async throws(RecipientRefusal) -> VerifiedRecipient {
        guard let fields = recipient as? [String: Any] else { throw RecipientRefusal("Recipient is not an object") }
        guard fields["KeyEncryptionAlgorithm"] as? String == "RSAES_OAEP_SHA_256" else {
            throw RecipientRefusal("Recipient.KeyEncryptionAlgorithm must be RSAES_OAEP_SHA_256")
        }
        guard let text = fields["AttestationDocument"] as? String, let document = Data(base64Encoded: text) else {
            throw RecipientRefusal("Recipient.AttestationDocument is not base64")
        }
        let expectations = AttestationExpectations(maxAgeSeconds: Self.maxDocumentAgeSeconds, allowDebugMode: allowDebug)
        let signed: SignedAttestation
        do { signed = try await verifier.verify(Array(document), at: now, expecting: expectations) } catch {
            throw RecipientRefusal("Recipient.AttestationDocument: \(error)")
        }
        guard let key = signed.document.publicKey else { throw RecipientRefusal("Recipient.AttestationDocument has no public_key") }
        let pcrs = signed.document.pcrs.mapValues { Hex.encode($0) }
        guard let pcr0 = pcrs[0] else { throw RecipientRefusal("Recipient.AttestationDocument has no PCR0") }
        return VerifiedRecipient(publicKey: key, attestation: RecipientAttestation(pcr0: pcr0, pcr8: pcrs[8], otherPCRs: pcrs))
    }

    /// The upstream answer with its `Plaintext` replaced by `CiphertextForRecipient` for the document's key.
    static func wrap(_ reply: Reply, for recipient: VerifiedRecipient) throws -> Reply {
        guard reply.status == 200 else { return reply }
        guard var answer = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
              let plaintextText = answer["Plaintext"] as? String, var plaintext = Data(base64Encoded: plaintextText)
        else {
            return error("KMSInternalException", "upstream answer has no Plaintext to wrap for the recipient", status: 500)
        }
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        answer.removeValue(forKey: "Plaintext")
        let envelope = try RecipientEnvelopeWriter.envelope(Array(plaintext), recipientSPKI: recipient.publicKey)
        answer["CiphertextForRecipient"] = Data(envelope).base64EncodedString()
        return Reply(status: 200, body: Array(try JSONSerialization.data(withJSONObject: answer)))
    }

    /// Without identities: the request as it came (its signature included), to an upstream that checks none.
    private func forwardAsReceived(_ body: [UInt8], headers: HTTPHeaders) async throws -> Reply {
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

    static func error(_ type: String, _ message: String, status: Int = 400) -> Reply {
        let body = try? JSONSerialization.data(withJSONObject: ["__type": type, "message": message], options: [.sortedKeys])
        return Reply(status: status, body: Array(body ?? Data()))
    }
}

/// A `Recipient` the front refuses, with the reason sent back to the client.
struct RecipientRefusal: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
