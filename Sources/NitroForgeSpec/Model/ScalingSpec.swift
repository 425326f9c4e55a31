/// The Auto Scaling group of enclave hosts, scaled on queue backlog per instance.
public struct ScalingSpec: Sendable, Hashable, Codable {
    public var min: Int
    public var max: Int
    public var targetBacklogPerInstance: Int

    public init(min: Int, max: Int, targetBacklogPerInstance: Int) {
        self.min = min
        self.max = max
        self.targetBacklogPerInstance = targetBacklogPerInstance
    }
}
