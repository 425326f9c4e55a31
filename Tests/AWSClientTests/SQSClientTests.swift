import AWSCore
import AWSSQS
import Foundation
import XCTest

/// SQSClient against moto over the SQS JSON protocol, with boto3 as the peer.
final class SQSClientTests: XCTestCase {
    func sqs() throws -> SQSClient {
        SQSClient(client: try TestEnvironment.client(.sqs, endpoint: try TestEnvironment.motoURL()))
    }

    func testSendReceiveChangeVisibilityAndDelete() async throws {
        let sqs = try sqs()
        let name = TestEnvironment.uniqueName("jobs")
        let created = try await sqs.createQueue(name: name)
        let queueURL = try await sqs.getQueueURL(name: name)
        XCTAssertEqual(queueURL, created)

        let body = #"{"v":1,"jobId":"0192e3a4","bucket":"b","key":"jobs/0192e3a4.esdk"}"#
        let messageID = try await sqs.sendMessage(queueURL: queueURL, SQSOutgoingMessage(body: body, attributes: ["kind": .string("job")]))
        let received = try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitSeconds: 1, visibilityTimeout: 30)
        XCTAssertEqual(received.count, 1)
        let message = try XCTUnwrap(received.first)
        XCTAssertEqual(message.messageID, messageID)
        XCTAssertEqual(message.body, body)
        XCTAssertEqual(message.attributes["kind"], .string("job"))
        XCTAssertEqual(message.systemAttributes["ApproximateReceiveCount"], "1")

        // Visibility 0 makes the message visible again at once: a second receive gets it (receive count 2).
        try await sqs.changeMessageVisibility(queueURL: queueURL, receiptHandle: message.receiptHandle, visibilityTimeout: 0)
        let again = try await sqs.receiveMessages(queueURL: queueURL, waitSeconds: 1)
        XCTAssertEqual(again.map(\.messageID), [messageID])
        XCTAssertEqual(again.first?.systemAttributes["ApproximateReceiveCount"], "2")

        try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: again[0].receiptHandle)
        let empty = try await sqs.receiveMessages(queueURL: queueURL, waitSeconds: 1)
        XCTAssertEqual(empty, [], "a deleted message does not come back")
    }

    func testLongPollWaitsForAMessage() async throws {
        let sqs = try sqs()
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("poll"))
        let started = Date()
        let none = try await sqs.receiveMessages(queueURL: queueURL, waitSeconds: 2)
        XCTAssertEqual(none, [])
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.5, "an empty long poll waits WaitTimeSeconds")
    }

    func testBatchesReportEachEntry() async throws {
        let sqs = try sqs()
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("batch"))
        let sent = try await sqs.sendMessageBatch(queueURL: queueURL, (1...3).map { SQSBatchEntry(id: "m\($0)", SQSOutgoingMessage(body: "message \($0)")) })
        XCTAssertEqual(Set(sent.successful.keys), ["m1", "m2", "m3"])
        XCTAssertEqual(sent.failed, [])

        var received: [SQSMessage] = []
        for _ in 0..<5 where received.count < 3 {
            received += try await sqs.receiveMessages(queueURL: queueURL, maxMessages: 10, waitSeconds: 1)
        }
        XCTAssertEqual(Set(received.map(\.body)), ["message 1", "message 2", "message 3"])

        var entries = received.enumerated().map { SQSBatchEntry(id: "d\($0.offset)", $0.element.receiptHandle) }
        entries.append(SQSBatchEntry(id: "bogus", "not-a-receipt-handle"))
        let deleted = try await sqs.deleteMessageBatch(queueURL: queueURL, entries)
        XCTAssertEqual(Set(deleted.successful.keys), ["d0", "d1", "d2"])
        XCTAssertEqual(deleted.failed.map(\.id), ["bogus"], "the bad entry fails alone: \(deleted.failed)")
        XCTAssertEqual(deleted.failed.first?.code, "ReceiptHandleIsInvalid")
    }

    func testMissingQueueIsATypedError() async throws {
        let sqs = try sqs()
        do {
            _ = try await sqs.getQueueURL(name: TestEnvironment.uniqueName("missing"))
            XCTFail("the queue does not exist")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.service, "sqs")
            XCTAssertEqual(error.operation, "GetQueueUrl")
            XCTAssertEqual(error.statusCode, 400)
            // The JSON protocol names it QueueDoesNotExist (the query protocol said AWS.SimpleQueueService.NonExistentQueue).
            XCTAssertEqual(error.code, "QueueDoesNotExist")
        }
    }

    func testMessagesCrossBetweenSwiftAndBoto3BothWays() async throws {
        let sqs = try sqs()
        let moto = try TestEnvironment.motoURL()
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("peer"))

        _ = try Python.run("peer.py", ["sqs-send", moto, queueURL, "sent by boto3 ✓"])
        let fromBoto3 = try await sqs.receiveMessages(queueURL: queueURL, waitSeconds: 2)
        XCTAssertEqual(fromBoto3.map(\.body), ["sent by boto3 ✓"])
        XCTAssertEqual(fromBoto3.first?.attributes["origin"], .string("boto3"))
        try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: fromBoto3[0].receiptHandle)

        _ = try await sqs.sendMessage(queueURL: queueURL, SQSOutgoingMessage(body: "sent by swift ✓", attributes: ["origin": .string("swift")]))
        let received = try Python.run("peer.py", ["sqs-receive", moto, queueURL])
        XCTAssertEqual(received["bodies"] as? [String], ["sent by swift ✓"])
        XCTAssertEqual(received["attributes"] as? [[String: String]], [["origin": "swift"]])
    }

    func testAuthenticatedMotoAcceptsOurSignatureAndRefusesAWrongSecret() async throws {
        let moto = try AuthenticatedMoto()
        let sqs = SQSClient(client: try moto.client(.sqs))
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("authenticated"))
        let messageID = try await sqs.sendMessage(queueURL: queueURL, SQSOutgoingMessage(body: "signed"))
        let received = try await sqs.receiveMessages(queueURL: queueURL, waitSeconds: 1)
        XCTAssertEqual(received.map(\.messageID), [messageID])
        XCTAssertEqual(received.map(\.body), ["signed"])

        let forged = SQSClient(client: try moto.client(.sqs, wrongSecret: true))
        await AuthenticatedMoto.assertRefusesSignature(of: "SendMessage") {
            try await forged.sendMessage(queueURL: queueURL, SQSOutgoingMessage(body: "forged"))
        }
    }
}
