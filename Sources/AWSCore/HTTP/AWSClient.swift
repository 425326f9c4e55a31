import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NitroFormats

/// Sends signed requests to one AWS service with the standard retry mode. The service clients
/// (`KMSClient`, `S3Client`, `SQSClient`) are thin layers that build requests and read responses.
public struct AWSClient: Sendable {
    public let service: AWSService
    public let region: String
    public let endpoint: AWSEndpoint
    /// True when the endpoint came from configuration rather than AWS's naming scheme (S3 then uses path-style).
    public let isCustomEndpoint: Bool
    public let retry: RetryConfiguration
    /// nil for calls AWS accepts unsigned (STS AssumeRoleWithWebIdentity).
    let credentialProvider: (any CredentialProvider)?
    let httpClient: HTTPClient
    let quota = RetryQuota()
    let clock: @Sendable () -> Date
    /// Largest response body read into memory for buffered calls (JSON and XML answers are small).
    static let maxBufferedResponse = 16 * 1024 * 1024

    /// `httpClient` is `HTTPClient.aws` unless given; another connect timeout is a client made with
    /// `HTTPClient(eventLoopGroup:configuration: .aws(connectTimeout:))`.
    public init(service: AWSService, region: String, endpoint: AWSEndpoint? = nil, credentials: (any CredentialProvider)?,
                retry: RetryConfiguration = RetryConfiguration(), httpClient: HTTPClient = .aws,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.service = service
        self.region = region
        self.endpoint = endpoint ?? .standard(service, region: region)
        self.isCustomEndpoint = endpoint != nil
        self.credentialProvider = credentials
        self.retry = retry
        self.httpClient = httpClient
        self.clock = clock
    }

    /// Region, endpoint (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`), retries (`AWS_MAX_ATTEMPTS`) and the
    /// default credential chain, all from `environment`.
    public static func fromEnvironment(service: AWSService, environment: AWSEnvironment = AWSEnvironment(),
                                       httpClient: HTTPClient = .aws) throws -> AWSClient {
        let region = try environment.region()
        return AWSClient(
            service: service, region: region, endpoint: try environment.customEndpoint(for: service),
            credentials: DefaultCredentialChain(environment: environment, httpClient: httpClient),
            retry: .fromEnvironment(environment.variables), httpClient: httpClient)
    }

    /// Sends `request` and reads the whole (small) response; retries throttling, 5xx and network errors.
    public func send(_ request: AWSRequest, operation: String) async throws -> AWSResponse {
        let response = try await execute(request, operation: operation)
        let body = try await collect(response.body, operation: operation)
        return AWSResponse(status: response.status, headers: response.headers, body: body)
    }

    /// Sends `request` and returns as soon as the response head arrives; the body streams.
    /// Requests with a replayable body are retried until the head is a success.
    public func stream(_ request: AWSRequest, operation: String) async throws -> AWSStreamingResponse {
        let response = try await execute(request, operation: operation)
        return AWSStreamingResponse(status: response.status, headers: response.headers, body: response.body)
    }

    func execute(_ request: AWSRequest, operation: String) async throws -> HTTPClientResponse {
        var attempt = 1
        while true {
            let error: AWSServiceError
            var timedOut = false
            do {
                let response = try await httpClient.execute(try await prepare(request), timeout: .seconds(120))
                if (200..<300).contains(response.status.code) {
                    await quota.release(attempt > 1 ? RetryQuota.retryCost : nil)
                    return response
                }
                let body = try await collect(response.body, operation: operation)
                error = AWSServiceError.parse(service: service.signingName, operation: operation, status: Int(response.status.code),
                                              headers: response.headers.map { ($0.name, $0.value) }, body: Array(body.readableBytesView))
            } catch let failure as AWSServiceError {
                throw failure
            } catch let failure as CredentialProviderError {
                throw failure
            } catch is CancellationError {
                throw CancellationError()
            } catch let failure {
                timedOut = [.connectTimeout, .deadlineExceeded, .readTimeout].contains(failure as? HTTPClientError)
                error = AWSServiceError(service: service.signingName, operation: operation, statusCode: nil,
                                        code: AWSServiceError.networkErrorCode, message: "no answer from \(endpoint): \(failure)")
            }
            guard attempt < retry.maxAttempts, request.body.isReplayable, RetryConfiguration.isRetryable(error),
                  await quota.acquire(afterTimeout: timedOut) != nil else {
                var surfaced = error
                surfaced.attempts = attempt
                throw surfaced
            }
            try await Task.sleep(for: retry.delay(beforeRetry: attempt))
            attempt += 1
        }
    }

    /// Signs `request` for the current time and turns it into an async-http-client request.
    func prepare(_ request: AWSRequest) async throws -> HTTPClientRequest {
        var signable = SigV4Request(method: request.method.rawValue, path: endpoint.basePath + request.path,
                                    query: request.query, headers: request.headers)
        let host = request.hostPrefix + endpoint.hostHeader
        signable.headers.replaceOrAdd(name: "host", value: host)
        let payload: PayloadHash
        var outgoing = HTTPClientRequest(url: "")
        switch request.body {
        case .empty:
            payload = .empty
        case .buffer(let buffer):
            payload = .sha256Hex(Hex.encode(buffer.withUnsafeReadableBytes { SHA256.hash(data: $0) }))
            outgoing.body = .bytes(buffer)
        case .buffers(let buffers):
            var hash = SHA256()
            for buffer in buffers { buffer.withUnsafeReadableBytes { hash.update(bufferPointer: $0) } }
            payload = .sha256Hex(Hex.encode(hash.finalize()))
            outgoing.body = .stream(BufferSequence(chunks: buffers), length: .known(Int64(buffers.reduce(0) { $0 + $1.readableBytes })))
        case .stream(let body, let hash):
            payload = hash
            outgoing.body = body
        }
        if let credentialProvider {
            let signer = SigV4Signer(credentials: try await credentialProvider.credentials(), region: region, service: service.signingName)
            signer.sign(&signable, payload: payload, date: clock())
        }
        let query = signable.encodedQuery
        outgoing.url = "\(endpoint.scheme)://\(host)\(signable.path)" + (query.isEmpty ? "" : "?\(query)")
        outgoing.method = request.method
        outgoing.headers = signable.headers
        outgoing.headers.add(name: "user-agent", value: "nitroforge")
        return outgoing
    }

    func collect(_ body: HTTPClientResponse.Body, operation: String) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: Self.maxBufferedResponse)
        } catch {
            throw AWSServiceError(service: service.signingName, operation: operation, statusCode: nil,
                                  code: AWSServiceError.networkErrorCode, message: "reading the response: \(error)")
        }
    }
}
