import AWSCore
import AWSKMS
import AWSSQS
import ArgumentParser
import Foundation
import NitroForgeSpec

/// `nitroforge status`: the deployed pipeline as AWS reports it now.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a deployment's queues, consumer hosts and the PCR0 values its keys allow now.",
        discussion: """
            Reads Terraform's outputs in --dir, then asks AWS: the jobs queue and dead-letter queue (messages \\
            waiting and in flight, the age of the oldest from CloudWatch when it has a datapoint), the \\
            consumer Auto Scaling group's instances and health, and the PCR0 values the data and results key \\
            policies allow, read from KMS (not from local files), compared with the spec's measurements.

            Exit status: 0 shown; 1 no deployment in --dir; 3 AWS or Terraform failed.

            EXAMPLES:
              nitroforge status --dir terraform-out
              nitroforge status --json | jq .queue
            """
    )

    @Option(help: "The deployed output.") var dir = "terraform-out"
    @Option(help: "The spec (default: the one --dir was generated from).") var spec: String?
    @Flag(help: "Print the status as JSON.") var json = false

    struct Queue: Encodable {
        let url: String
        let waiting: Int?
        let inFlight: Int?
        let oldestMessageAgeSeconds: Double?
    }

    struct Report: Encodable {
        let queue: Queue
        let deadLetterQueue: Queue
        let fleet: ConsumerFleet.State?
        let allowedPCR0: [String: [String]]
        let localPCR0: String?
        let localMeasurementsAllowed: Bool
    }

    func run() async throws {
        let output = URL(fileURLWithPath: dir)
        let terraform = try Terraform.locate(environment: ProcessInfo.processInfo.environment, in: output)
        let outputs = try terraform.outputs()
        guard let queueURL = outputs["jobs_queue_url"] as? String, let dlqURL = outputs["dead_letter_queue_url"] as? String,
              let dataKey = outputs["data_key_arn"] as? String, let resultsKey = outputs["results_key_arn"] as? String else {
            throw CommandFailure.invalidInput("\(output.path) has no deployment (Terraform reports no outputs there): run `nitroforge deploy --dir \(dir)` first")
        }
        let sqs = try SQSClient.fromEnvironment()
        let kms = try KMSClient.fromEnvironment()
        let cloudwatch = try AWSClient.fromEnvironment(service: .cloudwatch)
        let fleet = try ConsumerFleet()
        var allowed: [String: [String]] = [:]
        for (name, arn) in [("dataKey", dataKey), ("resultsKey", resultsKey)] {
            allowed[name] = Rollout.allowedPCR0(inPolicy: try await kms.getKeyPolicy(keyID: arn))
        }
        let specPath = try spec ?? DeployPreflight.specNamed(by: output)
        let local = try SpecLoader.load(path: specPath).measurements?.pcr0
        var fleetState: ConsumerFleet.State?
        if let group = outputs["consumer_autoscaling_group"] as? String { fleetState = try await fleet.state(group: group) }
        let report = Report(
            queue: try await Self.queue(queueURL, sqs: sqs, cloudwatch: cloudwatch),
            deadLetterQueue: try await Self.queue(dlqURL, sqs: sqs, cloudwatch: cloudwatch),
            fleet: fleetState,
            allowedPCR0: allowed, localPCR0: local,
            localMeasurementsAllowed: local.map { pcr0 in allowed.values.allSatisfy { $0.contains(pcr0) } } ?? false)
        if json {
            try JSONOutput.print(report)
        } else {
            print(Self.text(report))
        }
    }

    private static func queue(_ url: String, sqs: SQSClient, cloudwatch: AWSClient) async throws -> Queue {
        let attributes = try await sqs.getQueueAttributes(queueURL: url, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return Queue(url: url, waiting: attributes["ApproximateNumberOfMessages"].flatMap { Int($0) },
                     inFlight: attributes["ApproximateNumberOfMessagesNotVisible"].flatMap { Int($0) },
                     oldestMessageAgeSeconds: try await oldestAge(queueName: String(url.split(separator: "/").last ?? ""), cloudwatch: cloudwatch))
    }

    /// SQS reports the age of its oldest message only as a CloudWatch metric: the latest maximum of the last 15 minutes.
    private static func oldestAge(queueName: String, cloudwatch: AWSClient) async throws -> Double? {
        let now = Date()
        let xml = try await cloudwatch.callQuery(action: "GetMetricStatistics", version: "2010-08-01", [
            ("Namespace", "AWS/SQS"), ("MetricName", "ApproximateAgeOfOldestMessage"),
            ("Dimensions.member.1.Name", "QueueName"), ("Dimensions.member.1.Value", queueName),
            ("StartTime", now.addingTimeInterval(-900).formatted(.iso8601)), ("EndTime", now.formatted(.iso8601)),
            ("Period", "60"), ("Statistics.member.1", "Maximum"),
        ])
        let points = xml["GetMetricStatisticsResult", "Datapoints"]?.children("member") ?? []
        let latest = points.max { ($0.child("Timestamp")?.text ?? "") < ($1.child("Timestamp")?.text ?? "") }
        return latest?.child("Maximum").flatMap { Double($0.text) }
    }

    private static func text(_ report: Report) -> String {
        func queue(_ name: String, _ queue: Queue) -> String {
            let age = queue.oldestMessageAgeSeconds.map { "oldest \(Int($0)) s" } ?? "no age reported"
            return "\(name): \(queue.waiting.map(String.init) ?? "?") waiting, \(queue.inFlight.map(String.init) ?? "?") in flight, \(age) (\(queue.url))"
        }
        var lines = [queue("jobs queue", report.queue), queue("dead-letter queue", report.deadLetterQueue)]
        if let fleet = report.fleet {
            lines.append("consumer hosts: \(fleet.healthy) of \(fleet.desired) healthy in \(fleet.group)")
            lines += fleet.instances.map { "  \($0.id) \($0.lifecycle) \($0.health)" }
        } else {
            lines.append("consumer hosts: no Auto Scaling group")
        }
        for (key, values) in report.allowedPCR0.sorted(by: { $0.key < $1.key }) {
            lines.append("\(key) allows PCR0: \(values.isEmpty ? "none" : values.joined(separator: ", "))")
        }
        lines.append(report.localPCR0.map { "local measurements: PCR0 \($0) \(report.localMeasurementsAllowed ? "is allowed" : "is NOT allowed by both keys")" }
                     ?? "local measurements: none")
        return lines.joined(separator: "\n")
    }
}
