/// The instance families this version supports for the enclave host: Nitro-based families that support
/// Nitro Enclaves (AWS Nitro Enclaves User Guide, "Requirements": Intel and AMD types with at least 4 vCPUs,
/// Graviton types with at least 2, except T-family (burstable), A1, and bare-metal sizes). Sizes and memory
/// from the EC2 instance type pages (general purpose 4 GiB, compute 2 GiB, memory 8 GiB per vCPU).
struct InstanceFamilies: Sendable {
    let name: String
    /// Size name → vCPUs.
    let sizes: [(String, Int)]
    let mebibytesPerVCPU: Int
    let threadsPerCore: Int

    func instanceType(named type: String) -> InstanceType? {
        let parts = type.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == name, let vcpus = sizes.first(where: { $0.0 == parts[1] })?.1 else { return nil }
        return InstanceType(name: type, vcpus: vcpus, memoryMiB: vcpus * mebibytesPerVCPU,
                            threadsPerCore: threadsPerCore)
    }

    static let upTo24 = sizes(["xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "12xlarge": 48,
                               "16xlarge": 64, "24xlarge": 96])
    static let upTo32 = upTo24 + [("32xlarge", 128)]
    static let upTo48 = upTo32 + [("48xlarge", 192)]
    static let intel7 = upTo24 + [("48xlarge", 192)]
    static let c5 = sizes(["xlarge": 4, "2xlarge": 8, "4xlarge": 16, "9xlarge": 36, "12xlarge": 48,
                           "18xlarge": 72, "24xlarge": 96])
    static let graviton = [("large", 2)] + sizes(["xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32,
                                                  "12xlarge": 48, "16xlarge": 64])

    private static func sizes(_ table: [String: Int]) -> [(String, Int)] {
        table.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
    }

    static let all: [InstanceFamilies] = [
        .init(name: "m5", sizes: upTo24, mebibytesPerVCPU: 4096, threadsPerCore: 2),
        .init(name: "m5a", sizes: upTo24, mebibytesPerVCPU: 4096, threadsPerCore: 2),
        .init(name: "m5n", sizes: upTo24, mebibytesPerVCPU: 4096, threadsPerCore: 2),
        .init(name: "m6i", sizes: upTo32, mebibytesPerVCPU: 4096, threadsPerCore: 2),
        .init(name: "m6a", sizes: upTo48, mebibytesPerVCPU: 4096, threadsPerCore: 2),
        .init(name: "m7i", sizes: intel7, mebibytesPerVCPU: 4096, threadsPerCore: 2),
        .init(name: "c5", sizes: c5, mebibytesPerVCPU: 2048, threadsPerCore: 2),
        .init(name: "c5a", sizes: upTo24, mebibytesPerVCPU: 2048, threadsPerCore: 2),
        .init(name: "c6i", sizes: upTo32, mebibytesPerVCPU: 2048, threadsPerCore: 2),
        .init(name: "c6a", sizes: upTo48, mebibytesPerVCPU: 2048, threadsPerCore: 2),
        .init(name: "c7i", sizes: intel7, mebibytesPerVCPU: 2048, threadsPerCore: 2),
        .init(name: "r5", sizes: upTo24, mebibytesPerVCPU: 8192, threadsPerCore: 2),
        .init(name: "r6i", sizes: upTo32, mebibytesPerVCPU: 8192, threadsPerCore: 2),
        .init(name: "r6a", sizes: upTo48, mebibytesPerVCPU: 8192, threadsPerCore: 2),
        .init(name: "r7i", sizes: intel7, mebibytesPerVCPU: 8192, threadsPerCore: 2),
        .init(name: "m6g", sizes: graviton, mebibytesPerVCPU: 4096, threadsPerCore: 1),
        .init(name: "c6g", sizes: graviton, mebibytesPerVCPU: 2048, threadsPerCore: 1),
        .init(name: "r6g", sizes: graviton, mebibytesPerVCPU: 8192, threadsPerCore: 1),
        .init(name: "m7g", sizes: graviton, mebibytesPerVCPU: 4096, threadsPerCore: 1),
        .init(name: "c7g", sizes: graviton, mebibytesPerVCPU: 2048, threadsPerCore: 1),
        .init(name: "r7g", sizes: graviton, mebibytesPerVCPU: 8192, threadsPerCore: 1),
    ]
}
