// The JSON shapes of the CloudWatch Logs operations (member names as the API spells them).

struct CreateLogGroupInput: Encodable {
    var logGroupName: String
    var kmsKeyId: String?
}

struct LogStreamInput: Encodable {
    var logGroupName: String
    var logStreamName: String
}

struct InputLogEvent: Encodable {
    var timestamp: Int64
    var message: String
}

struct PutLogEventsInput: Encodable {
    var logGroupName: String
    var logStreamName: String
    var logEvents: [InputLogEvent]
}

struct PutLogEventsOutput: Decodable {
    struct Rejected: Decodable {
        var tooNewLogEventStartIndex: Int?
        var tooOldLogEventEndIndex: Int?
        var expiredLogEventEndIndex: Int?
    }

    var nextSequenceToken: String?
    var rejectedLogEventsInfo: Rejected?
}

struct GetLogEventsInput: Encodable {
    var logGroupName: String
    var logStreamName: String
    var startFromHead: Bool
    var nextToken: String?
    var limit: Int?
}

struct GetLogEventsOutput: Decodable {
    struct Event: Decodable {
        var timestamp: Int64
        var message: String
    }

    var events: [Event]?
    var nextForwardToken: String?
}

struct FilterLogEventsInput: Encodable {
    var logGroupName: String
    var filterPattern: String
    var startTime: Int64
    var nextToken: String?
}

struct FilterLogEventsOutput: Decodable {
    struct Event: Decodable {
        var logStreamName: String
        var timestamp: Int64
        var message: String
    }

    var events: [Event]?
    var nextToken: String?
}
