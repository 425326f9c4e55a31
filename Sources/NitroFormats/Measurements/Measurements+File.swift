import Foundation

/// A measurements file that cannot be read or does not have the expected shape.
public struct MeasurementsError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String

    public var description: String { "\(file): \(reason)" }
}

extension Measurements {
    /// Reads and checks `measurements.json`.
    public static func read(from url: URL) throws(MeasurementsError) -> Measurements {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MeasurementsError(file: url.path, reason: "cannot read the file (\(FileProblem.describe(error)))")
        }
        do {
            return try JSONDecoder().decode(Measurements.self, from: data)
        } catch let error as DecodingError {
            throw MeasurementsError(file: url.path, reason: Self.explain(error))
        } catch {
            throw MeasurementsError(file: url.path, reason: "not JSON (\(error))")
        }
    }

    /// The JSON text: pretty-printed with sorted keys, lower-case hex, ending in a newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(Data("\n".utf8))
        return data
    }

    /// Writes the file atomically (a temporary file moved into place), creating its folder.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try jsonData().write(to: url, options: .atomic)
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): wrong type; expected the shape nitro-cli build-enclave prints"
        case .dataCorrupted(let context):
            let where_ = path(context)
            return where_.isEmpty ? "not JSON" : "\(where_): \(context.debugDescription)"
        @unknown default:
            return "not a measurements file"
        }
    }
}
