import Foundation

/// The `terraform` deploy runs in the output folder: found on PATH, at least 1.6 (the generated
/// versions.tf's floor), with its output passed through to the user.
struct Terraform {
    static let minimum = [1, 6, 0]

    let executable: URL
    let version: String
    let folder: URL
    let environment: [String: String]

    static func locate(environment: [String: String], in folder: URL) throws -> Terraform {
        let found = (environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("terraform") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let found else {
            throw CommandFailure.refused("deploy: terraform is not on PATH: install Terraform 1.6 or later (https://developer.hashicorp.com/terraform/install)")
        }
        var terraform = Terraform(executable: found, version: "", folder: folder, environment: environment)
        let answer = try terraform.capture(["version", "-json"])
        let version = ((try? JSONSerialization.jsonObject(with: Data(answer.utf8))) as? [String: Any])?["terraform_version"] as? String ?? ""
        let parts = version.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard parts.lexicographicallyPrecedes(minimum) == false, !parts.isEmpty else {
            throw CommandFailure.refused("deploy: \(found.path) is Terraform \(version.isEmpty ? "of an unknown version" : version); the output needs 1.6 or later: upgrade it")
        }
        terraform = Terraform(executable: found, version: version, folder: folder, environment: environment)
        return terraform
    }

    /// Runs `terraform ARGUMENTS` in the output folder with its output on standard error (standard output
    /// stays for `--json`); a non-zero exit throws naming the command.
    func run(_ arguments: [String], input: FileHandle? = nil) throws {
        try process(arguments).run(input: input)
    }

    /// Runs `terraform ARGUMENTS` and returns its standard output.
    func capture(_ arguments: [String]) throws -> String {
        try process(arguments).capture()
    }

    /// `terraform output -json` as name to value.
    func outputs() throws -> [String: Any] {
        let object = (try? JSONSerialization.jsonObject(with: Data(try capture(["output", "-json"]).utf8))) as? [String: [String: Any]] ?? [:]
        return object.compactMapValues { $0["value"] }
    }

    private func process(_ arguments: [String]) -> ToolProcess {
        var environment = self.environment
        environment["TF_IN_AUTOMATION"] = "1"
        return ToolProcess(executable: executable, arguments: arguments, folder: folder, environment: environment)
    }
}

/// The values the output's `*.auto.tfvars.json` files set that deploy reads or must not contradict.
struct TerraformVariables {
    var pcr0: String?
    var extraPCR0: [String] = []
    /// The file that set `enclave_extra_pcr0` last, which a refusal names.
    var extraPCR0Source: URL?
    var eifSHA256: String?
    var bundleSHA256: String?

    init(folder: URL) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".auto.tfvars.json") }.sorted()
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] else {
                throw CommandFailure.invalidInput("\(url.path) is not a JSON object of Terraform variables")
            }
            pcr0 = object["enclave_pcr0"] as? String ?? pcr0
            if let extra = object["enclave_extra_pcr0"] as? [String] {
                extraPCR0 = extra
                extraPCR0Source = url
            }
            eifSHA256 = object["eif_sha256"] as? String ?? eifSHA256
            bundleSHA256 = object["bundle_sha256"] as? String ?? bundleSHA256
        }
    }
}
