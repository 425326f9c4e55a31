import Foundation
import NIOCore
import NitroFormats

/// One of the enclave's log or metric records as the host writes it: the enclave's JSON object with
/// `"source":"enclave"` set, one line. The host sets `source` itself (over any value the enclave wrote), so
/// enclave records can never pass for the host's own. Anything but a JSON object is refused.
enum EnclaveLogRecord {
    struct Refused: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    static func line(from payload: ByteBuffer) throws -> String {
        let bytes = Data(payload.readableBytesView)
        let members: [String: JSONValue]
        do {
            members = try JSONDecoder().decode([String: JSONValue].self, from: bytes)
        } catch {
            throw Refused(reason: "not a JSON object (\(bytes.count) bytes)")
        }
        var record = members
        record["source"] = .string("enclave")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let text = String(data: try encoder.encode(record), encoding: .utf8) else {
            throw Refused(reason: "cannot be written as UTF-8")
        }
        return text
    }
}
