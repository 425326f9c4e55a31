import Foundation

// The JSON shapes of the SQS operations (member names as the API spells them).

struct CreateQueueInput: Encodable {
    var QueueName: String
    var Attributes: [String: String]?
}

struct GetQueueURLInput: Encodable {
    var QueueName: String
    var QueueOwnerAWSAccountId: String?
}

struct GetQueueAttributesInput: Encodable {
    let QueueUrl: String
    let AttributeNames: [String]
}

struct GetQueueAttributesOutput: Decodable {
    let Attributes: [String: String]?
}

struct QueueURLOutput: Decodable {
    var QueueUrl: String
}

struct SendMessageInput: Encodable {
    var QueueUrl: String
    var MessageBody: String
    var MessageAttributes: [String: SQSMessageAttribute]?
    var DelaySeconds: Int?
    var MessageGroupId: String?
    var MessageDeduplicationId: String?

    init(queueURL: String, message: SQSOutgoingMessage) {
        QueueUrl = queueURL
        MessageBody = message.body
        MessageAttributes = message.attributes.isEmpty ? nil : message.attributes
        DelaySeconds = message.delaySeconds
        MessageGroupId = message.groupID
        MessageDeduplicationId = message.deduplicationID
    }
}

struct SendMessageOutput: Decodable {
    var MessageId: String
    var MD5OfMessageBody: String?
}

struct SendMessageBatchInput: Encodable {
    struct Entry: Encodable {
        var Id: String
        var MessageBody: String
        var MessageAttributes: [String: SQSMessageAttribute]?
        var DelaySeconds: Int?
        var MessageGroupId: String?
        var MessageDeduplicationId: String?

        init(id: String, message: SQSOutgoingMessage) {
            Id = id
            MessageBody = message.body
            MessageAttributes = message.attributes.isEmpty ? nil : message.attributes
            DelaySeconds = message.delaySeconds
            MessageGroupId = message.groupID
            MessageDeduplicationId = message.deduplicationID
        }
    }

    var QueueUrl: String
    var Entries: [Entry]
}

struct DeleteMessageBatchInput: Encodable {
    struct Entry: Encodable {
        var Id: String
        var ReceiptHandle: String
    }

    var QueueUrl: String
    var Entries: [Entry]
}

struct BatchOutput: Decodable {
    struct Success: Decodable {
        var Id: String
        var MessageId: String?
        var MD5OfMessageBody: String?
    }

    struct Failure: Decodable {
        var Id: String
        var Code: String
        var Message: String?
        var SenderFault: Bool?
    }

    var Successful: [Success]?
    var Failed: [Failure]?

    var result: SQSBatchResult {
        SQSBatchResult(
            successful: Dictionary((Successful ?? []).map { ($0.Id, $0.MessageId) }, uniquingKeysWith: { first, _ in first }),
            failed: (Failed ?? []).map { .init(id: $0.Id, code: $0.Code, message: $0.Message, senderFault: $0.SenderFault ?? false) })
    }
}

struct ReceiveMessageInput: Encodable {
    var QueueUrl: String
    var MaxNumberOfMessages: Int
    var WaitTimeSeconds: Int
    var VisibilityTimeout: Int?
    var AttributeNames: [String]
    var MessageSystemAttributeNames: [String]
    var MessageAttributeNames: [String]
}

struct ReceiveMessageOutput: Decodable {
    struct Message: Decodable {
        var MessageId: String
        var ReceiptHandle: String
        var Body: String
        var MD5OfBody: String?
        var Attributes: [String: String]?
        var MessageAttributes: [String: SQSMessageAttribute]?

        var message: SQSMessage {
            SQSMessage(messageID: MessageId, receiptHandle: ReceiptHandle, body: Body, md5OfBody: MD5OfBody,
                       systemAttributes: Attributes ?? [:], attributes: MessageAttributes ?? [:])
        }
    }

    var Messages: [Message]?
}

struct ChangeVisibilityInput: Encodable {
    var QueueUrl: String
    var ReceiptHandle: String
    var VisibilityTimeout: Int
}
