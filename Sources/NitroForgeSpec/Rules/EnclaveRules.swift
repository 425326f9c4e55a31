import Foundation

/// Rules that tie the enclave's resources to its instance type and image.
enum EnclaveRules {
    static let hostVCPUs = 2
    static let hostMemoryMiB = 512
    static let imageMemoryFactor = 4

    static func check(_ context: inout RuleContext) {
        let enclave = context.spec.enclave
        guard let type = InstanceType.named(enclave.instanceType) else {
            reportUnsupported(enclave.instanceType, &context)
            return
        }
        let maxVCPUs = type.vcpus - hostVCPUs
        if type.threadsPerCore == 2, enclave.vcpus % 2 != 0 {
            context.report(["enclave.vcpus"],
                           "\(enclave.vcpus) is odd, but \(type.name) runs two threads per core and an enclave takes whole cores",
                           allowed: "an even number from 2 to \(maxVCPUs)")
        } else if enclave.vcpus > maxVCPUs {
            context.report(["enclave.vcpus", "enclave.instanceType"],
                           "\(enclave.vcpus) leaves \(type.vcpus - enclave.vcpus) of \(type.name)'s \(type.vcpus) vCPUs to the host, which needs \(hostVCPUs)",
                           allowed: maxVCPUs >= 1 ? "at most \(maxVCPUs) on \(type.name), or a larger instance type"
                               : "a larger instance type: \(type.name) cannot host an enclave")
        }
        let maxMemory = type.memoryMiB - hostMemoryMiB
        if enclave.memoryMiB > maxMemory {
            context.report(["enclave.memoryMiB", "enclave.instanceType"],
                           "\(enclave.memoryMiB) MiB leaves less than \(hostMemoryMiB) MiB of \(type.name)'s \(type.memoryMiB) MiB to the host",
                           allowed: "at most \(maxMemory) on \(type.name), or a larger instance type")
        }
        if let size = context.spec.measurements?.eifSizeBytes {
            let neededMiB = Int((Int64(size) * Int64(imageMemoryFactor) + 1_048_575) / 1_048_576)
            if enclave.memoryMiB < neededMiB {
                context.report(["enclave.memoryMiB", "enclave.measurements"],
                               "\(enclave.memoryMiB) MiB is less than \(imageMemoryFactor) times the image (\(size) bytes, from \(enclave.measurementsPath))",
                               allowed: "at least \(neededMiB) MiB, so the image and its unpacked files fit")
            }
        }
    }

    private static func reportUnsupported(_ name: String, _ context: inout RuleContext) {
        let families = InstanceFamilies.all.map(\.name).joined(separator: ", ")
        if InstanceType.isKnownFamily(name) {
            let family = InstanceFamilies.all.first { name.hasPrefix($0.name + ".") }!
            context.report(["enclave.instanceType"], "\"\(name)\" is not a size that can host an enclave",
                           allowed: "\(family.name) sizes: " + family.sizes.map(\.0).joined(separator: ", "))
        } else {
            let family = name.split(separator: ".").first.map(String.init) ?? name
            context.report(["enclave.instanceType"], "the \(family) family does not support Nitro Enclaves (or is not in nitroforge's table)",
                           allowed: "a non-metal size of " + families)
        }
    }
}
