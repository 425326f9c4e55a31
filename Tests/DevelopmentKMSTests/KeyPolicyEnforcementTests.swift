import AWSCore
import AWSKMS
import Foundation
import Hummingbird
import NitroDev
import NitroTestSupport
import XCTest

/// The promise itself, against real moto keys carrying the generated key policies: only the measured
/// enclave can open a job's data key or make a result key, whoever holds the consumer role's credentials.
final class KeyPolicyEnforcementTests: XCTestCase {
    private static let shared = SharedEnvironment()

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    private func environment() async throws -> EnforcementEnvironment {
        try await Self.shared.get()
    }

    /// A job's data key as the producer makes it: its plaintext and blob, under the job's context.
    private func jobDataKey(_ env: EnforcementEnvironment, job: String = UUID().uuidString.lowercased()) async throws
        -> (plaintext: [UInt8], blob: [UInt8], context: [String: String]) {
        let context = ["nitroforge:app": env.app, "nitroforge:purpose": "input", "nitroforge:job": job]
        let generated = try await env.kms(env.producer).generateDataKey(GenerateDataKeyRequest(keyID: env.dataKeyARN, encryptionContext: context))
        return (try XCTUnwrap(generated.plaintext), generated.ciphertextBlob, context)
    }

    private func assertDenied(_ call: () async throws -> Void, explicit: Bool? = nil, action: String, _ message: String,
                              file: StaticString = #filePath, line: UInt = #line) async {
        do {
            try await call()
            XCTFail("\(message): the call was allowed", file: file, line: line)
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.code, "AccessDeniedException", "\(message): \(error)", file: file, line: line)
            XCTAssertEqual(error.statusCode, 400, message, file: file, line: line)
            XCTAssertTrue(error.message.contains(action), "\(message): \(error.message)", file: file, line: line)
            if let explicit {
                XCTAssertEqual(error.message.contains("explicit deny"), explicit, "\(message): \(error.message)", file: file, line: line)
            }
        } catch {
            XCTFail("\(message): \(error)", file: file, line: line)
        }
    }

    func testHostCannotDecryptAJobDataKeyWithoutAttestation() async throws {
        let env = try await environment()
        let job = try await jobDataKey(env)
        let host = try env.kms(env.consumer)
        await assertDenied({ _ = try await host.decrypt(DecryptRequest(ciphertextBlob: job.blob, encryptionContext: job.context)) },
                           explicit: true, action: "kms:Decrypt", "the consumer role without Recipient")
    }

    func testHostCannotDecryptWithADocumentWhosePCR0IsNotAllowed() async throws {
        let env = try await environment()
        let job = try await jobDataKey(env)
        let otherImage = try env.enclave(pcr0: [UInt8](repeating: 0x3c, count: 48))
        await assertDenied({ _ = try await otherImage.decrypt(job.blob, context: job.context) },
                           explicit: true, action: "kms:Decrypt", "a document of another image")
    }

    func testEnclaveWithAnAllowedPCR0GetsTheDataKeyOnlyForItsRecipientKey() async throws {
        let env = try await environment()
        let job = try await jobDataKey(env)
        let enclave = try env.enclave(pcr0: env.allowedPCR0)
        let answer = try await enclave.decrypt(job.blob, context: job.context)
        XCTAssertNil(answer.plaintext, "an answer to a Recipient request never carries Plaintext")
        XCTAssertEqual(try enclave.unwrap(answer.ciphertextForRecipient), job.plaintext)
        XCTAssertEqual(answer.keyID, env.dataKeyARN)
    }

    func testHostCannotMakeAResultKeyWithoutAnAllowedDocument() async throws {
        let env = try await environment()
        let context = ["nitroforge:app": env.app, "nitroforge:purpose": "result", "nitroforge:job": "job-1"]
        let host = try env.kms(env.consumer)
        await assertDenied({ _ = try await host.generateDataKey(GenerateDataKeyRequest(keyID: env.resultsKeyARN, encryptionContext: context)) },
                           explicit: true, action: "kms:GenerateDataKey", "GenerateDataKey under the results key without Recipient")
        let otherImage = try env.enclave(pcr0: [UInt8](repeating: 0x3c, count: 48))
        await assertDenied({ _ = try await otherImage.generateDataKey(env.resultsKeyARN, context: context) },
                           explicit: true, action: "kms:GenerateDataKey", "GenerateDataKey under the results key with another image")
        await assertDenied({ _ = try await host.encrypt(EncryptRequest(keyID: env.resultsKeyARN, plaintext: [1, 2, 3], encryptionContext: context)) },
                           explicit: true, action: "kms:Encrypt", "Encrypt under the results key")
        // The measured enclave can, and gets the key only for itself.
        let enclave = try env.enclave(pcr0: env.allowedPCR0)
        let made = try await enclave.generateDataKey(env.resultsKeyARN, context: context)
        XCTAssertNil(made.plaintext)
        XCTAssertEqual(try enclave.unwrap(made.ciphertextForRecipient).count, 32)
    }

    func testProducerCannotGenerateADataKeyForAnotherApp() async throws {
        let env = try await environment()
        let producer = try env.kms(env.producer)
        await assertDenied({
            _ = try await producer.generateDataKey(GenerateDataKeyRequest(
                keyID: env.dataKeyARN, encryptionContext: ["nitroforge:app": "another-app", "nitroforge:purpose": "input"]))
        }, explicit: false, action: "kms:GenerateDataKey", "the producer with the wrong nitroforge:app")
        await assertDenied({ _ = try await producer.generateDataKey(GenerateDataKeyRequest(keyID: env.dataKeyARN)) },
                           explicit: false, action: "kms:GenerateDataKey", "the producer with no context")
    }

    func testAdministratorCannotDecrypt() async throws {
        let env = try await environment()
        let job = try await jobDataKey(env)
        let admin = try env.kms(env.administrator)
        await assertDenied({ _ = try await admin.decrypt(DecryptRequest(ciphertextBlob: job.blob, encryptionContext: job.context)) },
                           explicit: true, action: "kms:Decrypt", "an administrator's Decrypt")
        // Managing is what administrators may do.
        let described = try await admin.describeKey(DescribeKeyRequest(keyID: env.dataKeyARN))
        XCTAssertEqual(described.keyMetadata.arn, env.dataKeyARN)
    }

    func testBadSignaturesAndUnknownKeysAreRefusedAsKMSRefusesThem() async throws {
        let env = try await environment()
        let forged = EnforcementEnvironment.Caller(
            principal: env.producer.principal,
            credentials: AWSCredentials(accessKeyID: env.producer.credentials.accessKeyID, secretAccessKey: "not-the-secret"))
        let unknown = EnforcementEnvironment.Caller(
            principal: env.producer.principal, credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWN000000000", secretAccessKey: "x"))
        for (caller, code) in [(forged, "InvalidSignatureException"), (unknown, "UnrecognizedClientException")] {
            do {
                _ = try await env.kms(caller).generateDataKey(GenerateDataKeyRequest(keyID: env.dataKeyARN, encryptionContext: ["nitroforge:app": env.app]))
                XCTFail("\(code): accepted")
            } catch let error as AWSServiceError {
                XCTAssertEqual(error.code, code, "\(error)")
            }
        }
    }
}

/// One environment for the class: moto, the keys and the front are started by the first test.
final class SharedEnvironment: @unchecked Sendable {
    private let lock = NSLock()
    private var moto: MotoProcess?
    private var server: Task<Void, Error>?
    private var environment: Result<EnforcementEnvironment, any Error>?

    /// The environment, or the error that stopped it being made (so later tests fail at once, not again slowly).
    func get() async throws -> EnforcementEnvironment {
        if let environment = lock.withLock({ self.environment }) { return try environment.get() }
        do {
            let made = try await make()
            lock.withLock { environment = .success(made) }
            return made
        } catch {
            lock.withLock { environment = .failure(error) }
            throw error
        }
    }

    private func make() async throws -> EnforcementEnvironment {
        let moto = try MotoProcess(accountID: "111122223333")
        lock.withLock { self.moto = moto }
        let made = try await EnforcementEnvironment.make(moto: moto.url) { front in
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let application = DevelopmentKMSServer.application(front: front, port: 0) { continuation.yield($0) }
            let task = Task { try await application.runService() }
            self.lock.withLock { self.server = task }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw MotoStartError(description: "the front did not start") }
            return port
        }
        return made
    }

    func stop() {
        lock.withLock {
            server?.cancel()
            moto?.stop()
        }
    }
}
