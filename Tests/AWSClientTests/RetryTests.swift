@testable import AWSCore
import AsyncHTTPClient
import AWSKMS
import Foundation
import NitroTestSupport
import XCTest

/// The standard retry mode against a loopback server that fails a set number of times.
final class RetryTests: XCTestCase {
    static let fastRetries = RetryConfiguration(maxAttempts: 4, baseDelay: .milliseconds(10), maxBackoff: .milliseconds(50))
    static let success = CannedResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"], body: #"{"Plaintext":"AAECAw=="}"#)

    /// Answers `failure` for the first `failures` requests, then success.
    func run(failures: Int, failure: CannedResponse, retry: RetryConfiguration = fastRetries) async throws -> (Result<GenerateRandomResponse, Error>, Int) {
        let log = RequestLog()
        let result = try await withLoopbackServer({ request in
            await log.append(request)
            return await log.requests.count <= failures ? failure : Self.success
        }) { url in
            let kms = KMSClient(client: try TestEnvironment.client(.kms, endpoint: url, retry: retry))
            do {
                return Result<GenerateRandomResponse, Error>.success(try await kms.generateRandom(GenerateRandomRequest(numberOfBytes: 4)))
            } catch {
                return .failure(error)
            }
        }
        return (result, await log.requests.count)
    }

    func testRetries503UntilSuccess() async throws {
        let (result, attempts) = try await run(failures: 3, failure: CannedResponse(status: 503, body: "Service Unavailable"))
        XCTAssertEqual(try result.get().plaintext, [0, 1, 2, 3])
        XCTAssertEqual(attempts, 4)
    }

    func testRetriesThrottlingException() async throws {
        let throttled = CannedResponse(status: 400, headers: ["x-amzn-RequestId": "req-1"],
                                       body: #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)
        let (result, attempts) = try await run(failures: 2, failure: throttled)
        XCTAssertEqual(try result.get().plaintext, [0, 1, 2, 3])
        XCTAssertEqual(attempts, 3)
    }

    func testGivesUpAfterMaxAttemptsWithTheLastError() async throws {
        let throttled = CannedResponse(status: 400, headers: ["x-amzn-RequestId": "req-2"],
                                       body: #"{"__type":"com.amazonaws.kms#ThrottlingException","message":"Rate exceeded"}"#)
        let (result, attempts) = try await run(failures: 10, failure: throttled)
        XCTAssertEqual(attempts, 4)
        guard case .failure(let error as AWSServiceError) = result else { return XCTFail("expected an AWSServiceError, got \(result)") }
        XCTAssertEqual(error.code, "ThrottlingException")
        XCTAssertEqual(error.message, "Rate exceeded")
        XCTAssertEqual(error.requestID, "req-2")
        XCTAssertEqual(error.statusCode, 400)
        XCTAssertEqual(error.operation, "GenerateRandom")
        XCTAssertEqual(error.attempts, 4, "the error counts the attempts the server saw")
    }

    func testNeverRetriesAClientError() async throws {
        let denied = CannedResponse(status: 400, body: #"{"__type":"AccessDeniedException","message":"no"}"#)
        let (result, attempts) = try await run(failures: 10, failure: denied)
        XCTAssertEqual(attempts, 1)
        guard case .failure(let error as AWSServiceError) = result else { return XCTFail("expected an AWSServiceError") }
        XCTAssertEqual(error.code, "AccessDeniedException")
    }

    func testMaxAttemptsOfOneDisablesRetries() async throws {
        let (_, attempts) = try await run(failures: 10, failure: CannedResponse(status: 500),
                                          retry: RetryConfiguration(maxAttempts: 1))
        XCTAssertEqual(attempts, 1)
    }

    func testRefusedConnectionIsRetriedThenSurfacesAsANetworkErrorNamingTheEndpoint() async throws {
        // A port a loopback server listened on a moment ago; nothing listens there now.
        let url = try await withLoopbackServer({ _ in Self.success }) { $0 }
        let kms = KMSClient(client: try TestEnvironment.client(.kms, endpoint: url, retry: Self.fastRetries))
        let started = ContinuousClock.now
        do {
            _ = try await kms.generateRandom(GenerateRandomRequest(numberOfBytes: 4))
            XCTFail("nothing listens on \(url)")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.code, "NetworkError")
            XCTAssertNil(error.statusCode)
            XCTAssertEqual(error.operation, "GenerateRandom")
            XCTAssertEqual(error.attempts, Self.fastRetries.maxAttempts)
            XCTAssertTrue(error.message.contains(url), error.message)
            XCTAssertTrue(error.message.contains("Connection refused"), error.message)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "a refused connection must not wait for the request deadline")
    }

    func testTheAWSHTTPConfigurationLeavesConnectRetriesToTheRetryMode() {
        let configuration = HTTPClient.Configuration.aws()
        XCTAssertEqual(configuration.timeout.connect, .seconds(10))
        XCTAssertFalse(configuration.connectionPool.retryConnectionEstablishment)
        XCTAssertEqual(HTTPClient.Configuration.aws(connectTimeout: .milliseconds(1500)).timeout.connect, .milliseconds(1500))
    }

    func testBackoffIsFullJitterBelowTheCap() {
        let retry = RetryConfiguration(maxAttempts: 5, baseDelay: .seconds(1), maxBackoff: .seconds(20))
        for attempt in 1...8 {
            let ceiling = min(Double(1 << (attempt - 1)), 20)
            let delays = (0..<200).map { _ in
                let delay = retry.delay(beforeRetry: attempt).components
                return Double(delay.seconds) + Double(delay.attoseconds) / 1e18
            }
            XCTAssertTrue(delays.allSatisfy { $0 >= 0 && $0 < ceiling }, "attempt \(attempt)")
            XCTAssertGreaterThan(Set(delays).count, 150, "delays are random")
        }
    }

    func testRetryQuotaRunsOutAndRefills() async {
        let quota = RetryQuota()
        var granted = 0
        while await quota.acquire(afterTimeout: false) != nil { granted += 1 }
        XCTAssertEqual(granted, RetryQuota.capacity / RetryQuota.retryCost)
        await quota.release(RetryQuota.retryCost)
        let refilled = await quota.acquire(afterTimeout: false)
        XCTAssertEqual(refilled, RetryQuota.retryCost)
        let afterTimeout = await quota.acquire(afterTimeout: true)
        XCTAssertNil(afterTimeout, "a timeout retry costs more than what is left")
    }
}
