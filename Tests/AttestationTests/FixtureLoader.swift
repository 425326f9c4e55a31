import Foundation
import XCTest

/// Reads files from `Fixtures/` (copied into the test bundle).
enum FixtureLoader {
    static func url(_ relativePath: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(relativePath)
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// The raw CBOR of a real attestation document (the `.b64` sample decoded).
    static func document(_ name: String) throws -> [UInt8] {
        if name.hasSuffix(".b64") {
            let data = try XCTUnwrap(Data(base64Encoded: try text("attestation/\(name)")))
            return Array(data)
        }
        return try bytes("attestation/\(name)")
    }

    /// The `.expected.json` written beside each real document during research (independent of this code).
    static func expectation(_ name: String) throws -> [String: Any] {
        let base = name.replacingOccurrences(of: ".cbor", with: "").replacingOccurrences(of: ".b64", with: "")
        let data = try Data(contentsOf: url("attestation/\(base).expected.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let realDocuments = [
        "evervault-beta-valid-attestation-doc.cbor",
        "evervault-beta-debug-mode-attestation-doc.cbor",
        "evervault-ga-valid-attestation-doc.b64",
        "marlin-sample_attestation.cbor",
    ]
}

extension Array where Element == UInt8 {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// A test's environment is incomplete (a tool or a variable that scripts/test.sh provides is missing).
struct TestSetupError: Error, CustomStringConvertible {
    var description: String
}
