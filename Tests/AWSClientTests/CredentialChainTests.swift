@testable import AWSCore
import Foundation
import NitroTestSupport
import XCTest

/// The credential chain, each source against something real on loopback: profile files in a temporary
/// HOME, moto's STS for roles and web identity, and test servers playing IMDSv2 and the container endpoint.
final class CredentialChainTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("home"))
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: home.appendingPathComponent(".aws/\(name)"), atomically: true, encoding: .utf8)
    }

    /// An environment with only HOME and IMDS off, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> AWSEnvironment {
        Self.environment(home: home.path, extra)
    }

    static func environment(home: String, _ extra: [String: String]) -> AWSEnvironment {
        AWSEnvironment(["HOME": home, "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { $1 })
    }

    func testEnvironmentVariablesComeFirst() async throws {
        try write("credentials", "[default]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profile-secret\n")
        let credentials = try await DefaultCredentialChain(environment: environment([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
        ])).credentials()
        XCTAssertEqual(credentials, AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
        XCTAssertFalse("\(credentials)".contains("env-secret"), "description must not show the secret")
    }

    func testProfileFromAWSProfileWithRegionFromTheConfigFile() async throws {
        try write("credentials", """
            # comment
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            [dev]
            aws_access_key_id=AKIADEV
            aws_secret_access_key=dev-secret ; trailing comment
            aws_session_token = dev-token
            """)
        try write("config", "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-central-1\n")
        let env = environment(["AWS_PROFILE": "dev"])
        let credentials = try await DefaultCredentialChain(environment: env).credentials()
        XCTAssertEqual(credentials, AWSCredentials(accessKeyID: "AKIADEV", secretAccessKey: "dev-secret", sessionToken: "dev-token"))
        XCTAssertEqual(try env.region(), "eu-central-1")
        XCTAssertEqual(try environment(["AWS_PROFILE": "dev", "AWS_DEFAULT_REGION": "ap-south-1"]).region(), "ap-south-1")
        XCTAssertEqual(try environment(["AWS_REGION": "sa-east-1", "AWS_DEFAULT_REGION": "ap-south-1"]).region(), "sa-east-1")
    }

    func testRoleChainThroughSourceProfilesIsAssumedWithSTS() async throws {
        try write("credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n")
        try write("config", """
            [profile middle]
            role_arn = arn:aws:iam::123456789012:role/middle
            source_profile = base
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deploy
            source_profile = middle
            role_session_name = nitroforge-test
            """)
        let credentials = try await DefaultCredentialChain(environment: environment([
            "AWS_PROFILE": "deploy", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": try TestEnvironment.motoURL(),
        ])).credentials()
        XCTAssertTrue(credentials.accessKeyID.hasPrefix("ASIA"), "temporary keys from STS: \(credentials.accessKeyID)")
        XCTAssertNotNil(credentials.sessionToken)
        XCTAssertNotNil(credentials.expiration)
    }

    func testAssumeRoleIsSignedWithTheSourceProfileKeys() async throws {
        try write("credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n")
        try write("config", "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\nexternal_id = ext-1\n")
        let log = RequestLog()
        let homePath = home.path
        let credentials = try await withLoopbackServer({ request in
            await log.append(request)
            return CannedResponse(status: 200, headers: ["Content-Type": "text/xml"], body: """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>\
                <AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>\
                <SessionToken>role-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>\
                </Credentials></AssumeRoleResult></AssumeRoleResponse>
                """)
        }) { url in
            try await ProfileCredentialProvider(environment: Self.environment(home: homePath, [
                "AWS_PROFILE": "deploy", "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_STS": url,
            ])).credentials()
        }
        XCTAssertEqual(credentials, AWSCredentials(accessKeyID: "ASIAROLE", secretAccessKey: "role-secret", sessionToken: "role-token",
                                                   expiration: ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z")))
        let recorded = await log.requests
        let request = try XCTUnwrap(recorded.first)
        XCTAssertTrue(request.header("Authorization")?.contains("Credential=AKIABASE/") ?? false, "\(request.headers)")
        XCTAssertTrue(request.header("Authorization")?.contains("/eu-west-1/sts/aws4_request") ?? false)
        let form = String(decoding: request.body, as: UTF8.self)
        XCTAssertTrue(form.contains("Action=AssumeRole"))
        XCTAssertTrue(form.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy"))
        XCTAssertTrue(form.contains("ExternalId=ext-1"))
    }

    func testSourceProfileCycleIsReported() async throws {
        try write("config", """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = a
            """)
        do {
            _ = try await ProfileCredentialProvider(environment: environment(["AWS_PROFILE": "a"])).credentials()
            XCTFail("a cycle must be refused")
        } catch let error as CredentialProviderError {
            XCTAssertEqual(error.kind, .invalid)
            XCTAssertTrue(error.reason.contains("cycle"), error.reason)
        }
    }

    func testWebIdentityTokenIsExchangedWithSTSWithoutASignature() async throws {
        let tokenFile = home.appendingPathComponent("token")
        try "eyJhbGciOiJSUzI1NiJ9.e30.sig\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let env = environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
            "AWS_ROLE_SESSION_NAME": "pod", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": try TestEnvironment.motoURL(),
        ])
        let credentials = try await DefaultCredentialChain(environment: env).credentials()
        XCTAssertTrue(credentials.accessKeyID.hasPrefix("ASIA"), credentials.accessKeyID)
        XCTAssertNotNil(credentials.sessionToken)

        let log = RequestLog()
        _ = try? await withLoopbackServer({ request in
            await log.append(request)
            return CannedResponse(status: 500)
        }) { url in
            try await WebIdentityCredentialProvider(environment: AWSEnvironment(env.variables.merging(["AWS_ENDPOINT_URL_STS": url]) { $1 }))
                .credentials()
        }
        let recorded = await log.requests
        let request = try XCTUnwrap(recorded.first)
        XCTAssertNil(request.header("Authorization"), "AssumeRoleWithWebIdentity is not signed")
        XCTAssertTrue(String(decoding: request.body, as: UTF8.self).contains("WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.e30.sig&") ||
                      String(decoding: request.body, as: UTF8.self).hasSuffix("WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.e30.sig"))
    }

    static let document = #"{"Code":"Success","AccessKeyId":"ASIALOOP","SecretAccessKey":"loop-secret","Token":"loop-token","Expiration":"2030-01-01T00:00:00Z"}"#

    func testContainerCredentialsFromFullAndRelativeURIWithAuthorization() async throws {
        let tokenFile = home.appendingPathComponent("container-token")
        try "Bearer from-file\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let log = RequestLog()
        let homePath = home.path
        let (full, relative) = try await withLoopbackServer({ request in
            await log.append(request)
            guard request.target == "/v2/credentials/abc", request.header("Authorization") != nil else { return CannedResponse(status: 401) }
            return CannedResponse(status: 200, body: Self.document)
        }) { url in
            let full = try await DefaultCredentialChain(environment: Self.environment(home: homePath, [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(url)/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer inline",
            ])).credentials()
            let relative = try await ContainerCredentialProvider(
                environment: Self.environment(home: homePath, ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                                               "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path]),
                relativeBase: url).credentials()
            return (full, relative)
        }
        let expected = AWSCredentials(accessKeyID: "ASIALOOP", secretAccessKey: "loop-secret", sessionToken: "loop-token",
                                      expiration: ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z"))
        XCTAssertEqual(full, expected)
        XCTAssertEqual(relative, expected)
        let headers = await log.requests.map { $0.header("Authorization") }
        XCTAssertEqual(headers, ["Bearer inline", "Bearer from-file"])
    }

    func testContainerFullURIToAForeignHTTPHostIsRefused() async throws {
        do {
            _ = try await ContainerCredentialProvider(environment: environment([
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://198.51.100.7/creds",
            ])).credentials()
            XCTFail("plain HTTP to a foreign host must be refused")
        } catch let error as CredentialProviderError {
            XCTAssertEqual(error.kind, .invalid)
        }
    }

    func testIMDSv2TokenThenRoleThenCredentials() async throws {
        let log = RequestLog()
        let homePath = home.path
        let credentials = try await withLoopbackServer({ request in
            await log.append(request)
            switch (request.method, request.target) {
            case ("PUT", "/latest/api/token"):
                guard request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" else { return CannedResponse(status: 400) }
                return CannedResponse(status: 200, body: "imds-session-token")
            case (_, _) where request.header("X-aws-ec2-metadata-token") != "imds-session-token":
                return CannedResponse(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return CannedResponse(status: 200, body: "consumer-role\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/consumer-role"):
                return CannedResponse(status: 200, body: Self.document)
            default:
                return CannedResponse(status: 404)
            }
        }) { url in
            try await DefaultCredentialChain(environment: AWSEnvironment(["HOME": homePath, "AWS_EC2_METADATA_SERVICE_ENDPOINT": url]))
                .credentials()
        }
        XCTAssertEqual(credentials.accessKeyID, "ASIALOOP")
        XCTAssertEqual(credentials.sessionToken, "loop-token")
        let targets = await log.requests.map { "\($0.method) \($0.target)" }
        XCTAssertEqual(targets, ["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                                 "GET /latest/meta-data/iam/security-credentials/consumer-role"])
    }

    func testNothingConfiguredNamesEverySourceTried() async throws {
        do {
            _ = try await DefaultCredentialChain(environment: environment()).credentials()
            XCTFail("no source is configured")
        } catch let error as CredentialProviderError {
            XCTAssertEqual(error.kind, .notConfigured)
            XCTAssertTrue(error.reason.contains("AWS_ACCESS_KEY_ID"), error.reason)
            XCTAssertTrue(error.reason.contains("AWS_EC2_METADATA_DISABLED"), error.reason)
        }
    }

    func testCacheRefreshesBeforeExpiryWithOneRefreshInFlight() async throws {
        let now = Date()
        let source = CountingProvider(lifetime: 10 * 60, now: now)
        let cache = CachedCredentialProvider(source, refreshBefore: 5 * 60, clock: { now })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(keys, ["AKIA1"], "twenty concurrent callers share one refresh")
        let refreshes = await cache.refreshCount
        XCTAssertEqual(refreshes, 1)

        let later = CachedCredentialProvider(source, refreshBefore: 5 * 60, clock: { now.addingTimeInterval(6 * 60) })
        let first = try await later.credentials().accessKeyID
        let second = try await later.credentials().accessKeyID
        XCTAssertNotEqual(first, second, "credentials within five minutes of expiry are refreshed")
    }

    func testEndpointVariablesPerServiceBeatTheGeneralOne() throws {
        let env = AWSEnvironment(["HOME": home.path, "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_S3": "https://s3.internal:8443/base/"])
        XCTAssertEqual(try env.customEndpoint(for: .s3), AWSEndpoint(scheme: "https", host: "s3.internal", port: 8443, basePath: "/base"))
        XCTAssertEqual(try env.customEndpoint(for: .kms), AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 4566))
        XCTAssertNil(try AWSEnvironment(["HOME": home.path, "AWS_ENDPOINT_URL": "http://x:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
            .customEndpoint(for: .sqs))
        XCTAssertThrowsError(try AWSEnvironment(["AWS_ENDPOINT_URL_SQS": "127.0.0.1:4566"]).customEndpoint(for: .sqs))
        XCTAssertEqual(AWSEndpoint.standard(.kms, region: "eu-west-1").description, "https://kms.eu-west-1.amazonaws.com")
    }
}

/// Hands out new keys on every call, expiring `lifetime` seconds after `now`; slow enough for callers to pile up.
actor CountingProvider: CredentialProvider {
    let lifetime: TimeInterval
    let now: Date
    private var count = 0

    init(lifetime: TimeInterval, now: Date) {
        self.lifetime = lifetime
        self.now = now
    }

    func credentials() async throws -> AWSCredentials {
        count += 1
        let number = count
        try await Task.sleep(for: .milliseconds(50))
        return AWSCredentials(accessKeyID: "AKIA\(number)", secretAccessKey: "s", sessionToken: "t", expiration: now.addingTimeInterval(lifetime))
    }
}
