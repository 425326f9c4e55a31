import AWSCore
import Foundation
import NIOHTTP1
import XCTest

/// The AWS SigV4 test suite (botocore's copy, vendored in Fixtures/sigv4): every case must produce the
/// suite's canonical request, string to sign and Authorization value byte for byte.
final class SigV4SuiteTests: XCTestCase {
    struct SuiteCase {
        let name: String
        let directory: URL
        func file(_ ext: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent("\(directory.lastPathComponent).\(ext)"), encoding: .utf8)
        }
    }

    func testEveryCaseOfTheSuitePasses() throws {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/sigv4", withExtension: nil))
        let context = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("context.json"))) as! [String: Any]
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: context["request_datetime_utc"] as! String))
        let cases = try suiteCases(under: root.appendingPathComponent("aws4_testsuite"))
        XCTAssertEqual(cases.count, 34, "the vendored suite has 34 cases")

        var passed = 0
        for suiteCase in cases {
            let raw = try parseRawRequest(suiteCase.file("req"))
            // The token is an input the suite states only in the signed request; in the "-after" case it is
            // attached after signing, so it is not part of the signature.
            let token = try parseRawRequest(suiteCase.file("sreq")).request.headers.first(name: "X-Amz-Security-Token")
            let signer = SigV4Signer(
                credentials: AWSCredentials(
                    accessKeyID: context["access_key_id"] as! String,
                    secretAccessKey: context["secret_access_key"] as! String,
                    sessionToken: suiteCase.name.hasSuffix("-after") ? nil : token),
                region: context["region"] as! String, service: context["service"] as! String)
            var request = raw.request
            let signature = signer.sign(&request, payload: .sha256Hex(sha256Hex(raw.body)), date: date)
            let expected = (creq: try suiteCase.file("creq"), sts: try suiteCase.file("sts"), authz: try suiteCase.file("authz"))
            XCTAssertEqual(signature.canonicalRequest, expected.creq, "\(suiteCase.name): canonical request")
            XCTAssertEqual(signature.stringToSign, expected.sts, "\(suiteCase.name): string to sign")
            XCTAssertEqual(signature.authorization, expected.authz, "\(suiteCase.name): authorization")
            XCTAssertEqual(request.headers.first(name: "authorization"), expected.authz)
            if (signature.canonicalRequest, signature.stringToSign, signature.authorization) == expected {
                passed += 1
            }
        }
        print("SigV4 test suite: \(passed) of \(cases.count) cases pass (canonical request, string to sign, authorization)")
        XCTAssertEqual(passed, cases.count)
    }

    /// Every folder holding a `<name>.req`, nested ones (normalize-path, post-sts-token) included.
    func suiteCases(under root: URL) throws -> [SuiteCase] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        var cases: [SuiteCase] = []
        for case let url as URL in enumerator where url.pathExtension == "req" {
            let directory = url.deletingLastPathComponent()
            let name = directory.path.replacingOccurrences(of: root.path + "/", with: "")
            cases.append(SuiteCase(name: name, directory: directory))
        }
        return cases.sorted { $0.name < $1.name }
    }

    /// A raw request as the suite writes it: request line, headers (indented lines continue the previous
    /// one), blank line, body. The path may contain raw spaces and UTF-8.
    func parseRawRequest(_ text: String) throws -> (request: SigV4Request, body: String) {
        let parts = text.components(separatedBy: "\n\n")
        var lines = parts[0].components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = requestLine.dropFirst(method.count + 1).replacingOccurrences(of: " HTTP/1.1", with: "")
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        let query = target[pathEnd...].dropFirst().split(separator: "&").map { pair in
            let name = pair.prefix { $0 != "=" }
            return QueryItem(URIEncoding.decode(String(name)), URIEncoding.decode(String(pair.dropFirst(name.count + 1))))
        }
        var headers: [(String, String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                headers[headers.count - 1].1 += "\n" + line
            } else {
                let name = line.prefix { $0 != ":" }
                headers.append((String(name), String(line.dropFirst(name.count + 1))))
            }
        }
        let request = SigV4Request(method: method, path: String(target[..<pathEnd]), query: query, headers: HTTPHeaders(headers))
        return (request, parts.dropFirst().joined(separator: "\n\n"))
    }
}
