import AWSCore
import AsyncHTTPClient
import Crypto
import Foundation
import NitroFormats

/// Amazon SQS over its JSON protocol (`x-amz-target: AmazonSQS.<Operation>`, `application/x-amz-json-1.0`).
/// Message bodies are checked against the MD5 SQS reports, as the AWS SDKs do.
public struct SQSClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) {
        precondition(client.service == .sqs, "SQSClient needs an AWSClient for the sqs service")
        self.client = client
    }

    /// Region, `AWS_ENDPOINT_URL_SQS`/`AWS_ENDPOINT_URL`, `AWS_MAX_ATTEMPTS` and the default credential chain.
    public static func fromEnvironment(_ environment: AWSEnvironment = AWSEnvironment(), httpClient: HTTPClient = .aws) throws -> SQSClient {
        SQSClient(client: try AWSClient.fromEnvironment(service: .sqs, environment: environment, httpClient: httpClient))
    }

    /// Creates a queue (development and tests; production queues come from Terraform) and returns its URL.
    public func createQueue(name: String, attributes: [String: String] = [:]) async throws -> String {
        let output: QueueURLOutput = try await call("CreateQueue", CreateQueueInput(QueueName: name, Attributes: attributes.isEmpty ? nil : attributes))
        return output.QueueUrl
    }

    public func getQueueURL(name: String, ownerAccountID: String? = nil) async throws -> String {
        let output: QueueURLOutput = try await call("GetQueueUrl", GetQueueURLInput(QueueName: name, QueueOwnerAWSAccountId: ownerAccountID))
        return output.QueueUrl
    }

    /// Attributes by name (`ApproximateNumberOfMessages`, ...), as SQS answers them: text.
    public func getQueueAttributes(queueURL: String, names: [String]) async throws -> [String: String] {
        let output: GetQueueAttributesOutput = try await call("GetQueueAttributes", GetQueueAttributesInput(QueueUrl: queueURL, AttributeNames: names))
        return output.Attributes ?? [:]
    }

    public func sendMessage(queueURL: String, _ message: SQSOutgoingMessage) async throws -> String {
        let output: SendMessageOutput = try await call("SendMessage", SendMessageInput(queueURL: queueURL, message: message))
        try checkMD5(of: message.body, reported: output.MD5OfMessageBody, operation: "SendMessage")
        return output.MessageId
    }

    /// Up to 10 messages in one call; entries that SQS refused are reported in `failed`, not thrown.
    public func sendMessageBatch(queueURL: String, _ entries: [SQSBatchEntry<SQSOutgoingMessage>]) async throws -> SQSBatchResult {
        let output: BatchOutput = try await call("SendMessageBatch", SendMessageBatchInput(
            QueueUrl: queueURL, Entries: entries.map { SendMessageBatchInput.Entry(id: $0.id, message: $0.value) }))
        for success in output.Successful ?? [] {
            if let entry = entries.first(where: { $0.id == success.Id }) {
                try checkMD5(of: entry.value.body, reported: success.MD5OfMessageBody, operation: "SendMessageBatch")
            }
        }
        return output.result
    }

    /// Long-polls up to `waitSeconds` (at most 20) for up to `maxMessages` (at most 10), with all system and
    /// message attributes.
    public func receiveMessages(queueURL: String, maxMessages: Int = 10, waitSeconds: Int = 20,
                                visibilityTimeout: Int? = nil) async throws -> [SQSMessage] {
        let output: ReceiveMessageOutput = try await call("ReceiveMessage", ReceiveMessageInput(
            QueueUrl: queueURL, MaxNumberOfMessages: maxMessages, WaitTimeSeconds: waitSeconds, VisibilityTimeout: visibilityTimeout,
            AttributeNames: ["All"], MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"]))
        let messages = (output.Messages ?? []).map(\.message)
        for message in messages {
            try checkMD5(of: message.body, reported: message.md5OfBody, operation: "ReceiveMessage")
        }
        return messages
    }

    public func deleteMessage(queueURL: String, receiptHandle: String) async throws {
        let _: EmptyResponse = try await call("DeleteMessage", ["QueueUrl": queueURL, "ReceiptHandle": receiptHandle])
    }

    /// Entries are receipt handles keyed by an id of the caller's choosing; refused ones come back in `failed`.
    public func deleteMessageBatch(queueURL: String, _ entries: [SQSBatchEntry<String>]) async throws -> SQSBatchResult {
        let output: BatchOutput = try await call("DeleteMessageBatch", DeleteMessageBatchInput(
            QueueUrl: queueURL, Entries: entries.map { .init(Id: $0.id, ReceiptHandle: $0.value) }))
        return output.result
    }

    /// Extends (or ends, with 0) the time a received message stays hidden from other consumers.
    public func changeMessageVisibility(queueURL: String, receiptHandle: String, visibilityTimeout: Int) async throws {
        let _: EmptyResponse = try await call("ChangeMessageVisibility", ChangeVisibilityInput(
            QueueUrl: queueURL, ReceiptHandle: receiptHandle, VisibilityTimeout: visibilityTimeout))
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable) async throws -> Output {
        try await client.callJSON(targetPrefix: "AmazonSQS", version: "1.0", operation: operation, input: input, output: Output.self)
    }

    private func checkMD5(of body: String, reported: String?, operation: String) throws {
        guard let reported else { return }
        let computed = Hex.encode(Insecure.MD5.hash(data: Data(body.utf8)))
        guard computed == reported.lowercased() else {
            throw AWSServiceError(service: "sqs", operation: operation, statusCode: nil, code: "MD5Mismatch",
                                  message: "message body MD5 \(computed) differs from the \(reported) SQS reported")
        }
    }
}
