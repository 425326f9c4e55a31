import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The HTTP client that AWS clients and credential providers share unless given another (never shut down,
    /// like `HTTPClient.shared`), configured by `HTTPClient.Configuration.aws()`.
    public static let aws = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .aws())
}

extension HTTPClient.Configuration {
    /// What the AWS SDKs do: a connection attempt gives up after `connectTimeout` (10 s by default) and the
    /// pool does not try again by itself, so that a refused or unreachable endpoint is a network error that
    /// the standard retry mode retries with backoff and then surfaces, instead of a call that hangs until its
    /// deadline. Redirects are returned rather than followed (a signature is for one host), and bodies are
    /// never decompressed (S3 objects arrive as stored).
    public static func aws(connectTimeout: Duration = .seconds(10)) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: TimeAmount(connectTimeout)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}
