import AWSCore
import AWSKMS
import AsyncHTTPClient
import ConsumerEnclave
import Foundation
import JobProtocol
import NIOCore
import NitroForgeGen
import XCTest

/// What the enclave agent does before its first job: read the enclave.json the generator writes, resolve its
/// key aliases only into the image's account and region, and forward KMS's TLS through the parent's proxy.
final class EnclaveStartupTests: XCTestCase {
    private static let shared = SharedEnvironment()

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    func testEveryExamplesGeneratedEnclaveConfigurationIsOneTheAgentReads() throws {
        for example in ["inference", "training", "existing-vpc"] {
            let spec = EnforcementEnvironment.repo.appendingPathComponent("examples/\(example)/nitroforge.yaml").path
            let generation = try Generation.prepare(specPath: spec, outputDirectory: FileManager.default.temporaryDirectory)
            let file = try XCTUnwrap(generation.files.first { $0.path == "enclave/enclave.json" }, example)
            let configuration = try EnclaveConfiguration.decode(Data(file.contents.utf8), path: "\(example)/enclave.json")
            XCTAssertFalse(configuration.app.isEmpty)
            XCTAssertEqual(configuration.requiresModel, example == "training", "\(example): a model is required exactly when the spec names one")
            switch configuration.processor {
            case .http(let http):
                XCTAssertEqual(http.user, "nitroforge", example)
                XCTAssertTrue(http.command?.first?.hasPrefix("/") ?? false, "\(example): the agent supervises an absolute program")
            case .exec(let argv):
                XCTAssertTrue(argv[0].hasPrefix("/"), example)
            }
        }
    }

    func testAMistakeInEnclaveJSONIsNamedByItsField() {
        let json = #"{"app": "a", "region": "us-east-1", "accountId": "111122223333", "debug": false, "kms": {"host": "h", "port": 443, "#
            + #""dataKeyAlias": "alias/d", "resultsKeyAlias": "alias/r", "caBundle": "/c", "parentProxyCid": 3, "parentProxyPort": 8000}, "#
            + #""vsock": {"jobsPort": 5005, "logsPort": 5006}, "limits": {"maxPayloadBytes": 1, "maxEncryptedDataKeys": 3, "jobTimeoutSeconds": 9}, "#
            + #""processor": {"type": "exec", "argv": ["train"]}}"#
        XCTAssertThrowsError(try EnclaveConfiguration.decode(Data(json.utf8), path: "enclave.json")) { error in
            XCTAssertEqual("\(error)", "enclave.json: processor.argv: must start with an absolute program path")
        }
        let missing = json.replacingOccurrences(of: #""jobsPort": 5005, "#, with: "")
        XCTAssertThrowsError(try EnclaveConfiguration.decode(Data(missing.utf8), path: "enclave.json")) { error in
            XCTAssertEqual("\(error)", "enclave.json: vsock.jobsPort: is missing")
        }
    }

    private func configuration(account: String, dataKey: String, resultsKey: String) throws -> EnclaveConfiguration {
        let json = """
            {"app": "fraud-scoring", "region": "us-east-1", "accountId": "\(account)", "debug": false,
             "kms": {"host": "kms.us-east-1.amazonaws.com", "port": 443, "dataKeyAlias": "\(dataKey)", "resultsKeyAlias": "\(resultsKey)",
                     "caBundle": "/dev/null", "parentProxyCid": 3, "parentProxyPort": 8000},
             "vsock": {"jobsPort": 5005, "logsPort": 5006},
             "limits": {"maxPayloadBytes": 1024, "maxEncryptedDataKeys": 3, "jobTimeoutSeconds": 60},
             "processor": {"type": "exec", "argv": ["/bin/cat"]}}
            """
        return try EnclaveConfiguration.decode(Data(json.utf8), path: "enclave.json")
    }

    func testKeysResolveOnlyIntoTheImagesAccountAndRegion() async throws {
        let env = try await Self.shared.get()
        let kms = try env.kms(env.consumer)
        let keys = try await EnclaveKeys.resolve(with: kms, configuration: try configuration(
            account: env.account, dataKey: env.dataKeyARN, resultsKey: env.resultsKeyARN))
        XCTAssertEqual(keys, EnclaveKeys(dataKeyARN: env.dataKeyARN, resultsKeyARN: env.resultsKeyARN))

        // The same keys, but the image names another account: credentials from the host could point anywhere.
        do {
            _ = try await EnclaveKeys.resolve(with: kms, configuration: try configuration(
                account: "999988887777", dataKey: env.dataKeyARN, resultsKey: env.resultsKeyARN))
            XCTFail("a key outside the image's account was accepted")
        } catch let error as EnclaveKeyError {
            XCTAssertEqual(error.field, "kms.dataKeyAlias")
            XCTAssertTrue(error.reason.contains("999988887777"), error.reason)
        }
    }

    func testTheForwarderCarriesBytesBothWaysToItsUpstream() async throws {
        let env = try await Self.shared.get()
        guard let motoPort = env.moto.port else { return XCTFail("moto has no port") }
        let forwarder = KMSForwarder(listen: .tcp(host: "127.0.0.1", port: 0), upstream: .tcp(host: "127.0.0.1", port: motoPort))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await forwarder.run { continuation.yield($0 ?? 0) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0

        // A signed KMS call through the forwarder gets moto's answer, as one through the parent's proxy gets KMS's.
        let setup = KMSClient(client: AWSClient(service: .kms, region: "us-east-1", endpoint: try AWSEndpoint(url: "http://127.0.0.1:\(port)"),
                                                credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "setup", secretAccessKey: "setup"))))
        let described = try await setup.describeKey(DescribeKeyRequest(keyID: env.dataKeyARN))
        XCTAssertEqual(described.keyMetadata.arn, env.dataKeyARN)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/moto-api/")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        XCTAssertLessThan(response.status.code, 500)
        _ = try await response.body.collect(upTo: 1 << 22)
    }
}
