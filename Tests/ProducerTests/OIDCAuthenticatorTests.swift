import Crypto
import Foundation
import Producer
import XCTest

/// OIDC tokens against an issuer served on loopback, signed in the test without jwt-kit.
final class OIDCAuthenticatorTests: XCTestCase {
    static let audience = "nitroforge-producer"
    static let scope = "jobs:submit"

    /// Claims that pass every check for an issuer at `issuer`; tests change one at a time.
    static func claims(issuer: String, _ changes: [String: Any] = [:]) -> [String: Any] {
        let now = Date().timeIntervalSince1970
        let base: [String: Any] = ["iss": issuer, "sub": "alice", "aud": audience, "iat": Int(now),
                                   "nbf": Int(now) - 5, "exp": Int(now) + 300, "scope": "openid \(scope)",
                                   "tenant": "acme"]
        return base.merging(changes) { _, new in new }
    }

    static func authenticator(issuer: String, discovery: Bool = false,
                              minimumRefreshInterval: Duration = .seconds(30),
                              maximumKeyAge: Duration = .seconds(3600)) -> OIDCAuthenticator {
        let configuration = ProducerConfiguration.OIDC(issuer: issuer, audience: audience,
                                                       jwksURL: discovery ? nil : issuer + "/jwks", requiredScope: scope)
        return OIDCAuthenticator(configuration: configuration, minimumRefreshInterval: minimumRefreshInterval,
                                 maximumKeyAge: maximumKeyAge)
    }

    /// Asserts that `token` is refused with `kind`, a reason naming `reasonMentions`, and no part of the token.
    static func assertRefused(_ authenticator: OIDCAuthenticator, _ token: String, _ kind: AuthenticationError.Kind,
                              mentioning reasonMentions: String, file: StaticString = #filePath, line: UInt = #line) async {
        do throws(AuthenticationError) {
            let principal = try await authenticator.authenticate(.bearer(token))
            XCTFail("accepted as \(principal)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.kind, kind, error.reason, file: file, line: line)
            XCTAssertTrue(error.reason.contains(reasonMentions), "reason: \(error.reason)", file: file, line: line)
            for part in token.split(separator: ".") where part.count > 8 {
                XCTAssertFalse(error.reason.contains(part), "the reason repeats the token", file: file, line: line)
            }
        }
    }

    // MARK: Accepted

    func testValidES256RS256AndEdDSATokensAreAcceptedAsIssuerHashSubjectWithTenant() async throws {
        let keys = [TestSigningKey.es256(kid: "ec-1"), try TestSigningKey.rs256(kid: "rsa-1"), TestSigningKey.eddsa(kid: "ed-1")]
        let issuer = TestIssuer()
        try await issuer.publish(keys)
        try await withServed(issuer) { base in
            let authenticator = Self.authenticator(issuer: base)
            for key in keys {
                let principal = try await authenticator.authenticate(.bearer(TestToken.make(Self.claims(issuer: base), signedBy: key)))
                XCTAssertEqual(principal, Principal(id: "\(base)#alice", tenant: "acme"), key.algorithm)
            }
        }
        let fetches = await issuer.jwksFetches
        XCTAssertEqual(fetches, 1, "one JWKS fetch serves all three keys")
    }

    func testTokenExpiredWithinTheLeewayAudienceArrayAndScpArrayAreAccepted() async throws {
        let key = TestSigningKey.es256(kid: "ec-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        try await withServed(issuer) { base in
            let now = Int(Date().timeIntervalSince1970)
            let claims = Self.claims(issuer: base, ["exp": now - 30, "aud": ["another-api", Self.audience],
                                                    "scope": "openid", "scp": [Self.scope]])
            let principal = try await Self.authenticator(issuer: base).authenticate(.bearer(TestToken.make(claims, signedBy: key)))
            XCTAssertEqual(principal.id, "\(base)#alice")
        }
    }

    func testTokenWithoutTenantClaimHasNoTenant() async throws {
        let key = TestSigningKey.eddsa(kid: "ed-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        try await withServed(issuer) { base in
            var claims = Self.claims(issuer: base)
            claims["tenant"] = nil
            let principal = try await Self.authenticator(issuer: base).authenticate(.bearer(TestToken.make(claims, signedBy: key)))
            XCTAssertEqual(principal, Principal(id: "\(base)#alice", tenant: nil))
        }
    }

    func testIssuerFoundThroughTheDiscoveryDocumentWhenNoJWKSURLIsConfigured() async throws {
        let key = TestSigningKey.es256(kid: "ec-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        try await withServed(issuer) { base in
            let authenticator = Self.authenticator(issuer: base, discovery: true)
            let principal = try await authenticator.authenticate(.bearer(TestToken.make(Self.claims(issuer: base), signedBy: key)))
            XCTAssertEqual(principal.id, "\(base)#alice")
        }
        let (discoveries, fetches) = (await issuer.discoveryFetches, await issuer.jwksFetches)
        XCTAssertEqual(discoveries, 1)
        XCTAssertEqual(fetches, 1)
    }

    // MARK: Refused

    func testClaimsThatAreWrongAreRefusedByName() async throws {
        let key = TestSigningKey.es256(kid: "ec-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        try await withServed(issuer) { base in
            let authenticator = Self.authenticator(issuer: base)
            let now = Int(Date().timeIntervalSince1970)
            let cases: [(changes: [String: Any], mentioning: String)] = [
                (["exp": now - 120], "expired"),
                (["nbf": now + 300], "not valid yet"),
                (["aud": ["another-api"]], "audience"),
                (["aud": "another-api"], "audience"),
                (["iss": "https://issuer.example"], "issuer"),
            ]
            XCTAssertEqual(cases.count, 5)
            for refused in cases {
                let token = try TestToken.make(Self.claims(issuer: base, refused.changes), signedBy: key)
                await Self.assertRefused(authenticator, token, .unauthenticated, mentioning: refused.mentioning)
            }
        }
    }

    func testTokenSignedByAnotherKeyUnderTheSameKidIsRefused() async throws {
        let published = TestSigningKey.es256(kid: "ec-1")
        let impostor = TestSigningKey.es256(kid: "ec-1")
        let issuer = TestIssuer()
        try await issuer.publish([published])
        try await withServed(issuer) { base in
            let token = try TestToken.make(Self.claims(issuer: base), signedBy: impostor)
            await Self.assertRefused(Self.authenticator(issuer: base), token, .unauthenticated, mentioning: "signature")
        }
    }

    func testUnsignedTokenWithAlgNoneIsRefused() async throws {
        let key = TestSigningKey.es256(kid: "ec-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        try await withServed(issuer) { base in
            let token = try TestToken.make(header: ["alg": "none", "kid": "ec-1"], claims: Self.claims(issuer: base)) { _ in Data() }
            await Self.assertRefused(Self.authenticator(issuer: base), token, .unauthenticated, mentioning: "algorithm")
        }
    }

    /// The classic confusion: HS256 keyed with the public key, under the key's own kid and under an `oct` JWK
    /// that the JWKS publishes with those bytes.
    func testHS256KeyedWithThePublicKeyIsRefusedEvenWhenTheJWKSHasAnOctKey() async throws {
        let key = TestSigningKey.es256(kid: "ec-1")
        let secret = key.publicKeyBytes
        let issuer = TestIssuer()
        try await issuer.publish([key], extra: [["kty": "oct", "kid": "hmac-1", "k": Base64URL.encode(secret)]])
        try await withServed(issuer) { base in
            let authenticator = Self.authenticator(issuer: base)
            for kid in ["ec-1", "hmac-1"] {
                let token = try TestToken.make(header: ["alg": "HS256", "kid": kid], claims: Self.claims(issuer: base)) { input in
                    Data(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: secret)))
                }
                await Self.assertRefused(authenticator, token, .unauthenticated, mentioning: "algorithm")
            }
            // The oct key did not spoil the set: the EC key still verifies.
            let principal = try await authenticator.authenticate(.bearer(TestToken.make(Self.claims(issuer: base), signedBy: key)))
            XCTAssertEqual(principal.id, "\(base)#alice")
        }
    }

    func testTokenWithoutTheRequiredScopeIsForbidden() async throws {
        let key = try TestSigningKey.rs256(kid: "rsa-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        try await withServed(issuer) { base in
            let token = try TestToken.make(Self.claims(issuer: base, ["scope": "openid jobs:read"]), signedBy: key)
            await Self.assertRefused(Self.authenticator(issuer: base), token, .forbidden, mentioning: Self.scope)
        }
    }

    func testUnreachableJWKSIsUnavailable() async throws {
        let key = TestSigningKey.es256(kid: "ec-1")
        let issuer = TestIssuer()
        try await issuer.publish([key])
        // The server is stopped when withServed returns: its port no longer answers.
        let base = try await withServed(issuer) { $0 }
        let token = try TestToken.make(Self.claims(issuer: base), signedBy: key)
        await Self.assertRefused(Self.authenticator(issuer: base), token, .unavailable, mentioning: "/jwks")
    }

    // MARK: Key rotation and fetch limits

    func testRotatedKeyIsAcceptedAfterOneRefetchAndAnotherUnknownKidSoonAfterFetchesNothing() async throws {
        let old = TestSigningKey.es256(kid: "2024-01")
        let new = TestSigningKey.eddsa(kid: "2024-02")
        let issuer = TestIssuer()
        try await issuer.publish([old])
        try await withServed(issuer) { base in
            let interval = Duration.milliseconds(500)
            let authenticator = Self.authenticator(issuer: base, minimumRefreshInterval: interval)
            _ = try await authenticator.authenticate(.bearer(TestToken.make(Self.claims(issuer: base), signedBy: old)))
            var fetches = await issuer.jwksFetches
            XCTAssertEqual(fetches, 1)

            try await issuer.publish([new])
            try await Task.sleep(for: interval + .milliseconds(100))
            let principal = try await authenticator.authenticate(.bearer(TestToken.make(Self.claims(issuer: base), signedBy: new)))
            XCTAssertEqual(principal.id, "\(base)#alice")
            fetches = await issuer.jwksFetches
            XCTAssertEqual(fetches, 2, "exactly one refetch for the new kid")

            let unknown = TestSigningKey.es256(kid: "2024-03")
            let token = try TestToken.make(Self.claims(issuer: base), signedBy: unknown)
            await Self.assertRefused(authenticator, token, .unauthenticated, mentioning: "unknown")
            fetches = await issuer.jwksFetches
            XCTAssertEqual(fetches, 2, "no fetch within the minimum interval")
        }
    }

    func testWithdrawnKeyIsRefusedOnceTheKeysAreOlderThanTheMaximumAge() async throws {
        let withdrawn = TestSigningKey.es256(kid: "2024-01")
        let issuer = TestIssuer()
        try await issuer.publish([withdrawn])
        try await withServed(issuer) { base in
            let age = Duration.milliseconds(300)
            let authenticator = Self.authenticator(issuer: base, minimumRefreshInterval: .zero, maximumKeyAge: age)
            let token = try TestToken.make(Self.claims(issuer: base), signedBy: withdrawn)
            _ = try await authenticator.authenticate(.bearer(token))

            try await issuer.publish([TestSigningKey.eddsa(kid: "2024-02")])
            _ = try await authenticator.authenticate(.bearer(token))  // still within the maximum age: not fetched
            var fetches = await issuer.jwksFetches
            XCTAssertEqual(fetches, 1)

            try await Task.sleep(for: age + .milliseconds(100))
            await Self.assertRefused(authenticator, token, .unauthenticated, mentioning: "unknown")
            fetches = await issuer.jwksFetches
            XCTAssertEqual(fetches, 2)
        }
    }
}
