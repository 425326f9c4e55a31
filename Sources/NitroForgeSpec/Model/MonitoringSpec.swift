/// Alarms and CloudTrail.
public struct MonitoringSpec: Sendable, Hashable, Codable {
    public var alarms: Bool
    /// An existing topic for alarms; nil: the generator creates one.
    public var snsTopicArn: String?
    public var alarmEmail: String?
    public var cloudTrail: Bool

    public init(alarms: Bool, snsTopicArn: String? = nil, alarmEmail: String? = nil, cloudTrail: Bool) {
        self.alarms = alarms
        self.snsTopicArn = snsTopicArn
        self.alarmEmail = alarmEmail
        self.cloudTrail = cloudTrail
    }
}
