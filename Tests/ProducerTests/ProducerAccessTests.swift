import Crypto
import Foundation
import JobProtocol
import NIOCore
import NitroTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Who may submit, end to end: OIDC tokens against a local issuer (each wrong token refused, nothing
/// stored; a rotated key accepted), and the `nitroforge submit`/`job` commands over the producer's own TLS, renewed on SIGHUP.
final class ProducerAccessTests: XCTestCase {
    private var fixture: ProducerFixture!

    override func setUp() async throws {
        fixture = try ProducerFixture()
    }

    override func tearDown() async throws {
        await fixture.shutdown()
    }

    func testOIDCTokensEndToEndWithKeyRotation() async throws {
        let fixture = try XCTUnwrap(fixture)
        let first = TestSigningKey.es256(kid: "k1"), other = TestSigningKey.es256(kid: "k1"), rotated = try TestSigningKey.rs256(kid: "k2")
        let issuer = TestIssuer()
        try await issuer.publish([first])
        try await withServed(issuer) { base in
            let auth = "  oidc:\n    issuer: \"\(base)\"\n    audience: nf-api\n    requiredScope: jobs:write"
            let producer = try fixture.startProducer(auth: auth)
            let now = Int(Date().timeIntervalSince1970)
            func claims(_ changes: [String: Any] = [:]) -> [String: Any] {
                ["iss": base, "sub": "alice", "aud": "nf-api", "exp": now + 600, "iat": now, "scope": "jobs:read jobs:write", "tenant": "acme"]
                    .merging(changes) { $1 }
            }
            func submit(_ token: String) async throws -> Answer {
                try await fixture.http.send(.POST, producer.url + "/v1/jobs", headers: [("Authorization", "Bearer \(token)")],
                                            body: .bytes(ByteBuffer(string: "x,y\n1,2\n")))
            }
            let started = Date()
            let accepted = try await submit(TestToken.make(claims(), signedBy: first))
            XCTAssertEqual(accepted.status, 202, accepted.body)
            let jobID = try XCTUnwrap(accepted.json["jobId"] as? String)

            let refusals: [(String, String, Int)] = [
                ("expired", try TestToken.make(claims(["exp": now - 120]), signedBy: first), 401),
                ("another audience", try TestToken.make(claims(["aud": "other-api"]), signedBy: first), 401),
                ("another issuer", try TestToken.make(claims(["iss": "https://elsewhere.example"]), signedBy: first), 401),
                ("signed by another key", try TestToken.make(claims(), signedBy: other), 401),
                ("alg none", try TestToken.make(header: ["alg": "none", "kid": "k1", "typ": "JWT"], claims: claims()) { _ in Data() }, 401),
                ("HS256 with the public key", try TestToken.make(header: ["alg": "HS256", "kid": "k1", "typ": "JWT"], claims: claims()) { input in
                    Data(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: first.publicKeyBytes)))
                }, 401),
                ("without the scope", try TestToken.make(claims(["scope": "jobs:read"]), signedBy: first), 403),
            ]
            for (name, token, status) in refusals {
                let answer = try await submit(token)
                XCTAssertEqual(answer.status, status, "\(name): \(answer.body)")
                XCTAssertFalse(answer.body.contains(token), "\(name): the answer never repeats the token")
            }
            XCTAssertFalse(producer.logText.contains("eyJ"), "no token in the logs")

            // Rotation: the issuer now signs with a new key; once the minimum refresh interval (30 s) has passed
            // since the first fetch, a token naming the new kid makes the producer fetch the JWKS again.
            try await issuer.publish([rotated])
            let wait = 31 - Date().timeIntervalSince(started)
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
            let afterRotation = try await submit(TestToken.make(claims(["sub": "bob"]), signedBy: rotated))
            XCTAssertEqual(afterRotation.status, 202, afterRotation.body)
            let fetches = await issuer.jwksFetches
            XCTAssertEqual(fetches, 2)

            let inventory = try fixture.inventory()
            XCTAssertEqual(inventory.objects.count, 2, "only the accepted jobs are stored")
            let principals = try inventory.messages.map { try JobMessageDecoder(maxObjectBytes: 1 << 20).decode($0).principal }.sorted()
            XCTAssertEqual(principals, ["\(base)#alice", "\(base)#bob"])
            let decrypted = try fixture.decryptWithCLI(key: "jobs/\(jobID).esdk", context: fixture.inputContext(jobID: jobID, tenant: "acme"))
            XCTAssertEqual(decrypted.context, fixture.inputContext(jobID: jobID, tenant: "acme"), "the token's tenant is in the context")
        }
    }

    func testSubmitAndJobCommandsOverTLSWithTheProducersOwnCertificate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("producer-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("producer.pem"), key = folder.appendingPathComponent("producer.key")
        func makeCertificate() throws {
            try Tools.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.path, "-out", certificate.path,
            ])
        }
        try makeCertificate()
        let producer = try fixture.startProducer(tls: "{certificateFile: \(certificate.path), privateKeyFile: \(key.path)}")
        let data = folder.appendingPathComponent("data.csv")
        try Data("a,b\n1,2\n3,4\n".utf8).write(to: data)
        let endpoint = "https://127.0.0.1:\(producer.port)"

        let submitted = try Tools.nitroforge(["submit", "--endpoint", endpoint, "--ca-file", certificate.path, "--api-key", ProducerFixture.aliceKey,
                                            "--json", data.path])
        XCTAssertEqual(submitted.status, 0, submitted.stderr)
        let job = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(submitted.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(job.keys), ["jobId", "bucket", "key", "size", "sha256"], "exactly the 202 answer")
        XCTAssertEqual(job["size"] as? Int, 12)
        let jobID = try XCTUnwrap(job["jobId"] as? String)

        let status = try Tools.nitroforge(["job", "--endpoint", endpoint, "--ca-file", certificate.path, "--api-key", ProducerFixture.aliceKey,
                                         "--json", jobID])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("\"pending\""), status.stdout)

        let untrusted = try Tools.nitroforge(["submit", "--endpoint", endpoint, "--api-key", ProducerFixture.aliceKey, data.path])
        XCTAssertEqual(untrusted.status, 3, "a certificate nobody trusts is a failure to connect: \(untrusted.stderr)")
        let refused = try Tools.nitroforge(["submit", "--endpoint", endpoint, "--ca-file", certificate.path, "--api-key", "wrong", data.path])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("401"), refused.stderr)
        let otherCaller = try Tools.nitroforge(["job", "--endpoint", endpoint, "--ca-file", certificate.path, "--api-key", ProducerFixture.bobKey, jobID])
        XCTAssertEqual(otherCaller.status, 2, "another caller gets 404: \(otherCaller.stderr)")

        // A renewed certificate in the same files, then SIGHUP: new connections get it, without a restart.
        let old = folder.appendingPathComponent("old.pem")
        try FileManager.default.copyItem(at: certificate, to: old)
        try makeCertificate()
        producer.signal(SIGHUP)
        try await Task.sleep(for: .seconds(1))
        let renewed = try Tools.nitroforge(["submit", "--endpoint", endpoint, "--ca-file", certificate.path, "--api-key", ProducerFixture.aliceKey, data.path])
        XCTAssertEqual(renewed.status, 0, renewed.stderr)
        let stale = try Tools.nitroforge(["submit", "--endpoint", endpoint, "--ca-file", old.path, "--api-key", ProducerFixture.aliceKey, data.path])
        XCTAssertEqual(stale.status, 3, "the old certificate is no longer served: \(stale.stderr)")
        XCTAssertTrue(producer.isRunning)
        XCTAssertTrue(producer.logText.contains("TLS certificate reloaded"), producer.logText)
        XCTAssertEqual(try fixture.inventory().messages.count, 2)
    }

    func testSelfSignedCertificateIsServedAndItsFingerprintLogged() throws {
        let producer = try fixture.startProducer(tls: "self-signed")
        // The certificate the producer serves, as openssl sees it, hashed as DER.
        let served = try Tools.run("/bin/sh", ["-c",
            "openssl s_client -connect 127.0.0.1:\(producer.port) </dev/null 2>/dev/null | openssl x509 -outform DER | sha256sum | cut -d' ' -f1"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(served.count, 64, served)
        XCTAssertTrue(producer.logText.contains("\"sha256\":\"\(served)\""), "the logged fingerprint is the served certificate's: \(producer.logText)")
        let health = try Tools.run(try Tools.directory + "/python", ["-c",
            "import ssl, urllib.request; print(urllib.request.urlopen('https://127.0.0.1:\(producer.port)/healthz', context=ssl._create_unverified_context()).read().decode())"])
        XCTAssertEqual(health.trimmingCharacters(in: .whitespacesAndNewlines), "{\"status\":\"ok\"}")
    }
}
