/// Where the instances run: a new VPC, or an existing VPC and subnets.
public struct NetworkSpec: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable { case create, existing }
    /// How instances reach the outside: VPC endpoints only, or also a NAT gateway.
    public enum Egress: String, Sendable, Hashable, Codable { case endpoints, nat }

    public var mode: Mode
    /// Address range of a new VPC.
    public var cidr: String
    public var availabilityZones: Int
    /// Existing VPC (mode existing).
    public var vpcId: String?
    public var privateSubnetIds: [String]
    public var publicSubnetIds: [String]
    public var egress: Egress

    public init(
        mode: Mode,
        cidr: String,
        availabilityZones: Int,
        vpcId: String? = nil,
        privateSubnetIds: [String],
        publicSubnetIds: [String],
        egress: Egress
    ) {
        self.mode = mode
        self.cidr = cidr
        self.availabilityZones = availabilityZones
        self.vpcId = vpcId
        self.privateSubnetIds = privateSubnetIds
        self.publicSubnetIds = publicSubnetIds
        self.egress = egress
    }
}
