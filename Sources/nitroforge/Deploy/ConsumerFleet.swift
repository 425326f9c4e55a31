import AWSCore
import AWSLogs
import Foundation

extension AWSService {
    static let autoscaling = AWSService(signingName: "autoscaling", endpointPrefix: "autoscaling", environmentSuffix: "AUTO_SCALING")
    static let cloudwatch = AWSService(signingName: "monitoring", endpointPrefix: "monitoring", environmentSuffix: "CLOUDWATCH")
    static let ec2 = AWSService(signingName: "ec2", endpointPrefix: "ec2", environmentSuffix: "EC2")
}

/// The consumer hosts as AWS sees them: the Auto Scaling group's instances and health, and which host
/// agents have started (each logs `host agent started` to the host log group when it begins to poll).
struct ConsumerFleet {
    struct Instance: Encodable, Equatable {
        var id: String
        var lifecycle: String
        var health: String
        /// The launch template version the instance was launched from.
        var launchTemplateVersion: String?
    }

    struct State: Encodable, Equatable {
        var group: String
        var desired: Int
        var launchTemplateID: String?
        /// The launch template version the group launches now, as configured (a number, `$Latest` or `$Default`).
        var launchTemplateVersion: String?
        var instances: [Instance]
        var healthy: Int { instances.filter { $0.lifecycle == "InService" && $0.health == "Healthy" }.count }

        enum CodingKeys: String, CodingKey { case group, desired, launchTemplateVersion, instances, healthy }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(desired, forKey: .desired)
            try container.encode(launchTemplateVersion, forKey: .launchTemplateVersion)
            try container.encode(instances, forKey: .instances)
            try container.encode(healthy, forKey: .healthy)
        }
    }

    let autoscaling: AWSClient
    let ec2: AWSClient
    let logs: CloudWatchLogsClient

    init(environment: AWSEnvironment = AWSEnvironment()) throws {
        autoscaling = try AWSClient.fromEnvironment(service: .autoscaling, environment: environment)
        ec2 = try AWSClient.fromEnvironment(service: .ec2, environment: environment)
        logs = try CloudWatchLogsClient.fromEnvironment(environment)
    }

    /// The version number the group launches: its configured version, with `$Latest` and `$Default`
    /// resolved through EC2 (instances report the number they were launched from).
    func launchedVersion(_ state: State) async throws -> String? {
        guard let version = state.launchTemplateVersion, version.hasPrefix("$"), let id = state.launchTemplateID else { return state.launchTemplateVersion }
        let xml = try await ec2.callQuery(action: "DescribeLaunchTemplates", version: "2016-11-15", [("LaunchTemplateId.1", id)])
        let template = xml["launchTemplates", "item"]
        return (version == "$Latest" ? template?.child("latestVersionNumber") : template?.child("defaultVersionNumber"))?.text ?? version
    }

    /// The group's desired capacity and instances; nil when there is no such group.
    func state(group: String) async throws -> State? {
        let xml = try await autoscaling.callQuery(action: "DescribeAutoScalingGroups", version: "2011-01-01", [("AutoScalingGroupNames.member.1", group)])
        guard let found = xml["DescribeAutoScalingGroupsResult", "AutoScalingGroups", "member"] else { return nil }
        let instances = found.child("Instances")?.children("member").map { member in
            Instance(id: member.child("InstanceId")?.text ?? "", lifecycle: member.child("LifecycleState")?.text ?? "",
                     health: member.child("HealthStatus")?.text ?? "", launchTemplateVersion: member["LaunchTemplate", "Version"]?.text)
        } ?? []
        return State(group: group, desired: Int(found.child("DesiredCapacity")?.text ?? "") ?? 0,
                     launchTemplateID: found["LaunchTemplate", "LaunchTemplateId"]?.text,
                     launchTemplateVersion: found["LaunchTemplate", "Version"]?.text, instances: instances)
    }

    /// How many host agents (log streams) logged their start in `logGroup` since `since`.
    func startedHosts(logGroup: String, since: Date) async throws -> Int {
        let events = try await logs.filterLogEvents(group: logGroup, pattern: "\"host agent started\"", startTime: Int64(since.timeIntervalSince1970 * 1000))
        return Set(events.map(\.stream)).count
    }
}

/// Waits after an apply until the group has its desired number of healthy instances and as many host agents
/// have started since the deploy began, or `timeout` passes.
struct FleetWait {
    let fleet: ConsumerFleet
    let group: String
    let hostLogGroup: String
    let since: Date
    let timeout: Duration
    let interval: Duration

    struct TimedOut: CommandError {
        let message: String
        var exitStatus: ExitStatus { .internalFailure }
        var description: String { message }
    }

    func run(_ progress: ProgressReporter) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var summary = "nothing read yet"
        while true {
            let state = try await fleet.state(group: group)
            let started = try await fleet.startedHosts(logGroup: hostLogGroup, since: since)
            let desired = state?.desired ?? 0
            summary = "\(state?.healthy ?? 0) of \(desired) instances healthy in \(group), \(started) of \(desired) host agents started (\"host agent started\" in \(hostLogGroup))"
            progress.step(summary)
            if let state, state.healthy >= desired, started >= desired { return }
            guard clock.now + interval < deadline else { break }
            try await Task.sleep(for: interval)
        }
        throw TimedOut(message: "deploy: timed out after \(timeout.components.seconds) s waiting for the consumer hosts: \(summary). The apply is complete; `nitroforge status` shows the hosts as they come up")
    }
}
