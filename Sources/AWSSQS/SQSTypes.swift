import Foundation

/// A message attribute: `String`, `Number` or `Binary` (with an optional `.custom` suffix).
public struct SQSMessageAttribute: Sendable, Equatable, Codable {
    public var dataType: String
    public var stringValue: String?
    public var binaryValue: Data?

    public init(dataType: String, stringValue: String? = nil, binaryValue: Data? = nil) {
        self.dataType = dataType
        self.stringValue = stringValue
        self.binaryValue = binaryValue
    }

    public static func string(_ value: String) -> SQSMessageAttribute {
        SQSMessageAttribute(dataType: "String", stringValue: value)
    }

    enum CodingKeys: String, CodingKey {
        case dataType = "DataType", stringValue = "StringValue", binaryValue = "BinaryValue"
    }
}

/// A message to send.
public struct SQSOutgoingMessage: Sendable, Equatable {
    public var body: String
    public var attributes: [String: SQSMessageAttribute]
    public var delaySeconds: Int?
    /// FIFO queues only.
    public var groupID: String?
    public var deduplicationID: String?

    public init(body: String, attributes: [String: SQSMessageAttribute] = [:], delaySeconds: Int? = nil,
                groupID: String? = nil, deduplicationID: String? = nil) {
        self.body = body
        self.attributes = attributes
        self.delaySeconds = delaySeconds
        self.groupID = groupID
        self.deduplicationID = deduplicationID
    }
}

/// A received message: the receipt handle deletes it or changes its visibility.
public struct SQSMessage: Sendable, Equatable {
    public var messageID: String
    public var receiptHandle: String
    public var body: String
    public var md5OfBody: String?
    /// System attributes: `ApproximateReceiveCount`, `SentTimestamp`, ...
    public var systemAttributes: [String: String]
    public var attributes: [String: SQSMessageAttribute]
}

/// One entry of a batch call, with the id that its result is reported under.
public struct SQSBatchEntry<Value: Sendable>: Sendable {
    public var id: String
    public var value: Value

    public init(id: String, _ value: Value) {
        self.id = id
        self.value = value
    }
}

/// Per-entry outcome of a batch call: SQS accepts some entries and refuses others in the same answer.
public struct SQSBatchResult: Sendable, Equatable {
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var id: String
        public var code: String
        public var message: String?
        /// True when the entry itself was wrong (do not retry it unchanged).
        public var senderFault: Bool
        public var description: String { "entry \(id): \(code)\(message.map { ": \($0)" } ?? "")" }
    }

    /// Ids of accepted entries, with the message id for sends.
    public var successful: [String: String?]
    public var failed: [Failure]
}
