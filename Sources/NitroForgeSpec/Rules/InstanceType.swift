/// An EC2 instance type that can run a Nitro Enclave, with the resources the enclave and host share.
public struct InstanceType: Sendable, Hashable {
    public let name: String
    public let vcpus: Int
    public let memoryMiB: Int
    /// Intel and AMD types run two hardware threads per core: enclaves take whole cores, so an even vCPU count.
    public let threadsPerCore: Int

    /// The supported type named `name`, or nil.
    public static func named(_ name: String) -> InstanceType? {
        InstanceFamilies.all.lazy.compactMap { $0.instanceType(named: name) }.first
    }

    /// Whether the family (the part before the dot) is one this table knows.
    public static func isKnownFamily(_ name: String) -> Bool {
        let family = name.split(separator: ".").first.map(String.init) ?? name
        return InstanceFamilies.all.contains { $0.name == family }
    }
}
