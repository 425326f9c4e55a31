import Foundation
import Logging
import NitroFormats

/// A swift-log handler that writes one JSON object per line to standard output:
/// `{"timestamp","level","label","message","metadata"}` (metadata keys sorted; left out when empty), with
/// secret metadata values redacted by `LogRedaction`. With a shipper, the same line also goes to CloudWatch
/// Logs; `enqueue` never waits for the network, so logging never slows a request down.
public struct JSONLineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    let shipper: LogShipper?
    let redaction: LogRedaction
    let output: @Sendable (String) -> Void
    let clock: @Sendable () -> Date

    /// `output` receives each line without its newline; standard output by default.
    public init(label: String, logLevel: Logger.Level = .info, shipper: LogShipper? = nil, redaction: LogRedaction = .default,
                metadataProvider: Logger.MetadataProvider? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                output: @escaping @Sendable (String) -> Void = JSONLineLogHandler.standardOutput) {
        self.label = label
        self.logLevel = logLevel
        self.shipper = shipper
        self.redaction = redaction
        self.metadataProvider = metadataProvider
        self.clock = clock
        self.output = output
    }

    /// Writes the line and a newline to file descriptor 1.
    public static let standardOutput: @Sendable (String) -> Void = { line in StandardStream.write(line + "\n", to: 1) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = .string(String(describing: error)) }
        let text = format(level: event.level, message: event.message.description, metadata: redaction.redact(merged))
        output(text)
        shipper?.enqueue(text)
    }

    /// The JSON line, without a newline.
    func format(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var text = #"{"timestamp":"# + JSONStringLiteral.quote(RFC3339.format(clock())) + #","level":"# + JSONStringLiteral.quote(level.rawValue)
            + #","label":"# + JSONStringLiteral.quote(label) + #","message":"# + JSONStringLiteral.quote(message)
        if !metadata.isEmpty { text += #","metadata":"# + Self.json(.dictionary(metadata)) }
        return text + "}"
    }

    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return JSONStringLiteral.quote(text)
        case .stringConvertible(let convertible): return JSONStringLiteral.quote(convertible.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{" + dictionary.keys.sorted().map { JSONStringLiteral.quote($0) + ":" + json(dictionary[$0]!) }.joined(separator: ",") + "}"
        }
    }
}
