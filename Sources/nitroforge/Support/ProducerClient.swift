import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// What `submit` and `job` share: how to reach a producer (its URL, a certificate to trust, credentials)
/// and how its JSON errors become this CLI's exit statuses.
struct ProducerConnection: ParsableArguments {
    @Option(name: .customLong("endpoint"),
            help: "The producer's base URL, e.g. https://jobs.example.com or http://127.0.0.1:8080 (default: $NITROFORGE_PRODUCER_URL).")
    var endpointOption: HTTPURLArgument?

    @Option(name: .customLong("api-key"), help: "An API key of the producer, sent as Authorization: Bearer (default: $NITROFORGE_API_KEY).")
    var apiKeyOption: String?

    @Option(help: "An OIDC access token (JWT) for the producer.")
    var token: String?

    @Option(name: .customLong("ca-file"), help: "PEM certificates to trust for the producer (its own, self-signed or private, certificate).")
    var caFile: String?

    /// `--endpoint`, else `NITROFORGE_PRODUCER_URL` (what `nitroforge dev env` exports).
    var endpoint: HTTPURLArgument {
        endpointOption ?? ProcessInfo.processInfo.environment["NITROFORGE_PRODUCER_URL"].flatMap(HTTPURLArgument.init(argument:))
            ?? HTTPURLArgument(argument: "http://127.0.0.1")!
    }

    /// `--api-key`, else `NITROFORGE_API_KEY` unless a token is given.
    var apiKey: String? {
        apiKeyOption ?? (token == nil ? ProcessInfo.processInfo.environment["NITROFORGE_API_KEY"] : nil)
    }

    func validate() throws {
        guard endpointOption != nil || ProcessInfo.processInfo.environment["NITROFORGE_PRODUCER_URL"].flatMap(HTTPURLArgument.init(argument:)) != nil else {
            throw ValidationError("give --endpoint URL (or set NITROFORGE_PRODUCER_URL)")
        }
        guard apiKeyOption == nil || token == nil else { throw ValidationError("give one of --api-key and --token, not both") }
        guard apiKey != nil || token != nil else { throw ValidationError("give --api-key or --token (or set NITROFORGE_API_KEY)") }
    }

    var authorization: String { "Bearer \(apiKey ?? token ?? "")" }

    func url(_ path: String) -> String {
        var base = endpoint.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    private func client() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(600)))
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw CommandFailure.invalidInput("--ca-file \(caFile): not readable PEM certificates (\(error))")
            }
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends the request with the credential on a client of its own; the answer's status and body (answers
    /// are small JSON documents).
    func send(_ request: HTTPClientRequest) async throws -> (status: Int, body: String) {
        let client = try client()
        var request = request
        request.headers.add(name: "Authorization", value: authorization)
        do {
            let response = try await client.execute(request, timeout: .seconds(24 * 3600))
            let body = try await response.body.collect(upTo: 1 << 20)
            try? await client.shutdown()
            return (Int(response.status.code), String(buffer: body))
        } catch {
            try? await client.shutdown()
            throw CommandFailure.internalFailure("\(request.method.rawValue) \(request.url): \(error)")
        }
    }

    /// The producer's refusal as this CLI's error: 4xx is refused (exit 2), anything else failed (exit 3).
    static func failure(status: Int, body: String) -> CommandFailure {
        let error = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["error"] as? [String: Any]
        let message = "the producer answered \(status)"
            + (error.map { ": \($0["code"] as? String ?? "?"): \($0["message"] as? String ?? "")" } ?? (body.isEmpty ? "" : ": \(body)"))
        return (400..<500).contains(status) ? .refused(message) : .internalFailure(message)
    }
}
