import AWSCore
import AsyncHTTPClient

extension AWSService {
    /// CloudWatch Logs: `logs.<region>.amazonaws.com`, `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS` (the SDKs' name for it).
    public static let logs = AWSService(signingName: "logs", endpointPrefix: "logs", environmentSuffix: "CLOUDWATCH_LOGS")
}

/// Amazon CloudWatch Logs over its JSON 1.1 protocol (`x-amz-target: Logs_20140328.<Operation>`): what the
/// runtimes need to ship their logs, plus group creation and reading for development and tests.
public struct CloudWatchLogsClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) {
        precondition(client.service == .logs, "CloudWatchLogsClient needs an AWSClient for the logs service")
        self.client = client
    }

    /// Region, `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`/`AWS_ENDPOINT_URL`, `AWS_MAX_ATTEMPTS` and the default credential chain.
    public static func fromEnvironment(_ environment: AWSEnvironment = AWSEnvironment(),
                                       httpClient: HTTPClient = .aws) throws -> CloudWatchLogsClient {
        CloudWatchLogsClient(client: try AWSClient.fromEnvironment(service: .logs, environment: environment, httpClient: httpClient))
    }

    /// Creates a log group (development and tests; production groups come from Terraform, with the storage key).
    public func createLogGroup(name: String, kmsKeyID: String? = nil) async throws {
        let _: EmptyResponse = try await call("CreateLogGroup", CreateLogGroupInput(logGroupName: name, kmsKeyId: kmsKeyID))
    }

    /// Creates a stream; one that already exists is not an error (a restarted process reuses its name).
    public func createLogStream(group: String, stream: String) async throws {
        do {
            let _: EmptyResponse = try await call("CreateLogStream", LogStreamInput(logGroupName: group, logStreamName: stream))
        } catch let error as AWSServiceError where error.code == CloudWatchLogsErrorCode.resourceAlreadyExists {
            return
        }
    }

    /// Sends events (at most 10,000 and 1,048,576 bytes counting 26 bytes per event, in timestamp order).
    /// Events CloudWatch Logs refused for their age are reported in the result, not thrown.
    @discardableResult
    public func putLogEvents(group: String, stream: String, events: [CloudWatchLogEvent]) async throws -> PutLogEventsResult {
        let output: PutLogEventsOutput = try await call("PutLogEvents", PutLogEventsInput(
            logGroupName: group, logStreamName: stream, logEvents: events.map { .init(timestamp: $0.timestamp, message: $0.message) }))
        let rejected = output.rejectedLogEventsInfo
        return PutLogEventsResult(tooNewStartIndex: rejected?.tooNewLogEventStartIndex, tooOldEndIndex: rejected?.tooOldLogEventEndIndex,
                                  expiredEndIndex: rejected?.expiredLogEventEndIndex)
    }

    /// One page of a stream's events, oldest first; pass the returned token to read on.
    public func getLogEvents(group: String, stream: String, nextToken: String? = nil, limit: Int? = nil) async throws -> LogEventsPage {
        let output: GetLogEventsOutput = try await call("GetLogEvents", GetLogEventsInput(
            logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: nextToken, limit: limit))
        return LogEventsPage(events: (output.events ?? []).map { CloudWatchLogEvent(timestamp: $0.timestamp, message: $0.message) },
                             nextForwardToken: output.nextForwardToken)
    }

    /// Events of every stream in `group` since `startTime` (ms since 1970) that match `pattern` (CloudWatch
    /// Logs' filter syntax), following up to `pages` pages.
    public func filterLogEvents(group: String, pattern: String, startTime: Int64, pages: Int = 20) async throws -> [FilteredLogEvent] {
        var events: [FilteredLogEvent] = []
        var token: String?
        for _ in 0..<pages {
            let output: FilterLogEventsOutput = try await call("FilterLogEvents", FilterLogEventsInput(
                logGroupName: group, filterPattern: pattern, startTime: startTime, nextToken: token))
            events += (output.events ?? []).map { FilteredLogEvent(stream: $0.logStreamName, timestamp: $0.timestamp, message: $0.message) }
            token = output.nextToken
            if token == nil { break }
        }
        return events
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable) async throws -> Output {
        try await client.callJSON(targetPrefix: "Logs_20140328", version: "1.1", operation: operation, input: input, output: Output.self)
    }
}

/// The error codes callers act on.
public enum CloudWatchLogsErrorCode {
    public static let resourceAlreadyExists = "ResourceAlreadyExistsException"
    public static let resourceNotFound = "ResourceNotFoundException"
}
