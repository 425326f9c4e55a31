import AsyncHTTPClient
import Foundation
import NIOCore

/// Where the issuer's keys come from: the configured JWKS URL, or the `jwks_uri` of the issuer's discovery
/// document. Every failure is `unavailable`: the keys could not be had, which says nothing about a token.
struct JWKSSource: Sendable {
    /// A JWKS is a few kilobytes; the bound keeps a wrong or hostile URL from filling memory.
    static let maximumBodyBytes = 1 << 20
    /// Per document, so a stalled issuer holds a request for at most this long.
    static let timeout: TimeAmount = .seconds(10)

    let issuer: String
    let jwksURL: String?
    let httpClient: HTTPClient

    func fetch() async throws(AuthenticationError) -> IssuerKeys {
        let url: String
        if let jwksURL { url = jwksURL } else { url = try await discoverJWKSURL() }
        let body = try await get(url)
        do {
            return try await IssuerKeys(json: body)
        } catch {
            throw AuthenticationError(.unavailable, "the issuer's JWKS at \(url) is not a JSON Web Key Set")
        }
    }

    /// OpenID Connect Discovery 1.0: the document must name the configured issuer, or its keys are another's.
    private func discoverJWKSURL() async throws(AuthenticationError) -> String {
        let url = (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
        let body = try await get(url)
        guard let document = try? JSONDecoder().decode(DiscoveryDocument.self, from: body) else {
            throw AuthenticationError(.unavailable, "\(url) is not an OpenID discovery document with a jwks_uri")
        }
        guard document.issuer == issuer else {
            throw AuthenticationError(.unavailable, "\(url) names another issuer than \(issuer)")
        }
        return document.jwksURI
    }

    private func get(_ url: String) async throws(AuthenticationError) -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: Self.timeout)
        } catch {
            throw AuthenticationError(.unavailable, "\(url) could not be fetched: \(error)")
        }
        guard response.status == .ok else {
            throw AuthenticationError(.unavailable, "\(url) answered HTTP \(response.status.code)")
        }
        do {
            return Data(try await response.body.collect(upTo: Self.maximumBodyBytes).readableBytesView)
        } catch {
            throw AuthenticationError(.unavailable, "\(url) could not be read within \(Self.maximumBodyBytes) bytes: \(error)")
        }
    }

    private struct DiscoveryDocument: Decodable {
        var issuer: String
        var jwksURI: String

        private enum CodingKeys: String, CodingKey {
            case issuer
            case jwksURI = "jwks_uri"
        }
    }
}
