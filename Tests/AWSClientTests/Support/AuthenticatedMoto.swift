import AWSCore
import XCTest

/// The moto_server that scripts/test.sh starts with authentication on (`INITIAL_NO_AUTH_ACTION_COUNT=0`), and the
/// keys of the IAM user it creates there: moto checks every signature, so a wrong one is refused by a server.
struct AuthenticatedMoto {
    let url: String
    let credentials: AWSCredentials

    init() throws {
        url = try TestEnvironment.variable("NITROFORGE_MOTO_AUTH_URL")
        credentials = AWSCredentials(accessKeyID: try TestEnvironment.variable("NITROFORGE_MOTO_AUTH_ACCESS_KEY_ID"),
                                     secretAccessKey: try TestEnvironment.variable("NITROFORGE_MOTO_AUTH_SECRET_ACCESS_KEY"))
    }

    /// A client signing with the user's keys, or with the user's key id and a wrong secret.
    func client(_ service: AWSService, wrongSecret: Bool = false) throws -> AWSClient {
        var signing = credentials
        if wrongSecret { signing.secretAccessKey = String(signing.secretAccessKey.reversed()) }
        return try TestEnvironment.client(service, endpoint: url, credentials: signing)
    }

    /// Asserts that `call` fails with the server's `SignatureDoesNotMatch` answer (HTTP 403) for `operation`.
    static func assertRefusesSignature<T>(of operation: String, _ call: () async throws -> T,
                                          file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await call()
            XCTFail("moto must refuse a signature made with the wrong secret", file: file, line: line)
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.code, "SignatureDoesNotMatch", "\(error)", file: file, line: line)
            XCTAssertEqual(error.statusCode, 403, "\(error)", file: file, line: line)
            XCTAssertEqual(error.operation, operation, file: file, line: line)
        } catch {
            XCTFail("expected an AWSServiceError, got \(error)", file: file, line: line)
        }
    }
}
