import AWSCore
import EIF
import Foundation
import HostBundle
import NitroForgeGen
import NitroForgeSpec
import NitroFormats

/// What `deploy` checks before it changes anything, in this order, each refusal (exit 2) one line that
/// says what to do: Terraform, the output against its spec, the measurements, the image being shipped
/// against the allow-list its key policies will hold, debug mode, the bundle; then, online, the account.
struct DeployPreflight {
    var output: URL
    /// `--spec`; nil: the spec the output names in its versions.tf header.
    var specPath: String?
    var templates: String?
    var eifPath: String?
    var bundlePath: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// What the checks found, which the deploy then uses.
    struct Checked {
        var terraform: Terraform
        var spec: Spec
        var measurements: Measurements
        var eif: Artifact
        var bundle: Artifact
        /// The PCR0 values the key policies will allow: the measured one first, then the spec's extra ones.
        var allowedPCR0: [String]
    }

    /// A file to upload and its SHA-256, the name it is stored under.
    struct Artifact {
        var url: URL
        var sha256: String
    }

    /// The offline checks.
    func check() throws -> Checked {
        let terraform = try Terraform.locate(environment: environment, in: output)
        let specPath = try self.specPath ?? Self.specNamed(by: output)
        let spec = try SpecLoader.load(path: specPath)
        try requireUpToDate(specPath: specPath)
        guard let measurements = spec.measurements else {
            throw refusal("no measurements at \(spec.enclave.measurementsURL.path): run `nitroforge build-eif` (it writes them), then `nitroforge generate`")
        }
        let variables = try TerraformVariables(folder: output)
        let allowed = [variables.pcr0].compactMap { $0 } + variables.extraPCR0
        let eifURL = try eifPath.map { URL(fileURLWithPath: $0) } ?? Self.defaultEIF(besides: spec.enclave.measurementsURL)
        let description: EIFDescription
        do {
            description = try EIFDescription(path: eifURL.path)
        } catch {
            throw CommandFailure.invalidInput("\(eifURL.path): \(error)")
        }
        let pcr0 = description.measurements.pcr0.hex
        guard allowed.contains(pcr0) else {
            throw refusal("the EIF \(eifURL.path) has PCR0 \(pcr0), which the key policies will not allow (\(allowed.joined(separator: ", "))): "
                + "ship the image that was measured, or run `nitroforge generate` with this image's measurements")
        }
        // Debug-mode measurements without `enclave.debug` already fail the spec's own check (exit 1, at the
        // field); what remains is an all-zero PCR0 an operator's tfvars file adds to the allow-list.
        if allowed.contains(Self.debugPCR0), !spec.enclave.debug {
            let source = variables.extraPCR0Source?.path ?? output.path
            throw refusal("\(source) allows the all-zero PCR0 of a debug-mode enclave (enclave_extra_pcr0) but \(specPath) does not say `enclave.debug: true`: remove it, or set debug for a test deployment without real data")
        }
        let bundle = try checkBundle(variables)
        let eifDigest = try FileDigest.sha256(of: eifURL)
        if let expected = variables.eifSHA256, expected != eifDigest {
            throw refusal("the tfvars in \(output.path) set eif_sha256 = \(expected) but \(eifURL.path) has SHA-256 \(eifDigest): remove the stale value, deploy sets it")
        }
        return Checked(terraform: terraform, spec: spec, measurements: measurements, eif: Artifact(url: eifURL, sha256: eifDigest),
                       bundle: bundle, allowedPCR0: allowed)
    }

    /// The online check: the credentials belong to the spec's account.
    func checkAccount(of spec: Spec) async throws {
        guard let expected = spec.accountId else { return }
        let identity = try await CallerIdentity.fetch(environment: AWSEnvironment(environment))
        guard identity.account == expected else {
            throw refusal("the credentials are \(identity.arn), of account \(identity.account), but the spec deploys to account \(expected): use that account's credentials (AWS_PROFILE or the environment)")
        }
    }

    static let debugPCR0 = String(repeating: "0", count: 96)

    private func refusal(_ message: String) -> CommandFailure { .refused("deploy: \(message)") }

    private func requireUpToDate(specPath: String) throws {
        let library = try templates.map { try TemplateLibrary(directory: URL(fileURLWithPath: $0)) }
        let generation = try Generation.prepare(specPath: specPath, outputDirectory: output, templates: library)
        let plan = OutputPlan(current: try OutputFolder(output).read(), generated: generation.files)
        guard !plan.hasChanges else {
            let count = plan.added.count + plan.changed.count + plan.deleted.count
            throw refusal("\(output.path) is out of date with \(specPath) (\(count) files differ; `nitroforge plan` shows them): run `nitroforge generate --spec \(specPath) --out \(output.path)`")
        }
    }

    /// The bundle: present, named for its own SHA-256, not contradicting the tfvars, and packed from this output.
    private func checkBundle(_ variables: TerraformVariables) throws -> Artifact {
        let url = try bundlePath.map { URL(fileURLWithPath: $0) } ?? Self.defaultBundle()
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw refusal("no bundle at \(url.path): run `nitroforge bundle --dir \(output.path)`")
        }
        let digest = try FileDigest.sha256(of: url)
        let named = url.lastPathComponent.hasSuffix(".tar.gz") ? String(url.lastPathComponent.dropLast(".tar.gz".count)) : nil
        if let named, named.count == 64, named != digest {
            throw refusal("\(url.path) has SHA-256 \(digest), not the one its name says: it changed after `nitroforge bundle`; bundle again")
        }
        if let expected = variables.bundleSHA256, expected != digest {
            throw refusal("the tfvars in \(output.path) set bundle_sha256 = \(expected) but \(url.path) has SHA-256 \(digest): bundle again, or remove the stale value")
        }
        let manifestURL = url.deletingLastPathComponent().appendingPathComponent("\(digest).manifest.json")
        if let data = try? Data(contentsOf: manifestURL), let manifest = try? JSONDecoder().decode(BundleManifest.self, from: data) {
            for file in manifest.files where file.path.hasPrefix("enclave/") || file.path.hasPrefix("host/") {
                let local = output.appendingPathComponent(file.path)
                guard (try? FileDigest.sha256(of: local)) == file.sha256 else {
                    throw refusal("the bundle \(url.lastPathComponent) holds a \(file.path) that differs from \(local.path): it was packed from another output; run `nitroforge bundle --dir \(output.path)`")
                }
            }
        }
        return Artifact(url: url, sha256: digest)
    }

    /// The spec path from the first line of versions.tf (`# Generated by nitroforge from PATH.`), relative to the output.
    static func specNamed(by output: URL) throws -> String {
        let versions = output.appendingPathComponent("versions.tf")
        let firstLine = (try? String(contentsOf: versions, encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
        let prefix = "# Generated by nitroforge from "
        guard firstLine.hasPrefix(prefix), let end = firstLine.range(of: ". ", options: .backwards) ?? firstLine.range(of: ".", options: .backwards),
              end.lowerBound > firstLine.index(firstLine.startIndex, offsetBy: prefix.count) else {
            throw CommandFailure.invalidInput("\(versions.path) does not name its spec (is \(output.path) a folder `nitroforge generate` wrote?); give --spec")
        }
        let path = String(firstLine[firstLine.index(firstLine.startIndex, offsetBy: prefix.count)..<end.lowerBound])
        return path.hasPrefix("/") ? path : output.appendingPathComponent(path).standardizedFileURL.path
    }

    /// The one `.eif` beside the measurements file, where `build-eif` writes it.
    static func defaultEIF(besides measurements: URL) throws -> URL {
        let folder = measurements.deletingLastPathComponent()
        let images = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eif") }.sorted()
        guard images.count == 1 else {
            throw CommandFailure.invalidInput(images.isEmpty
                ? "no .eif beside \(measurements.path): give --eif FILE, the image `nitroforge build-eif` wrote"
                : "several .eif files beside \(measurements.path) (\(images.joined(separator: ", "))): give --eif FILE")
        }
        return folder.appendingPathComponent(images[0])
    }

    /// The newest `bundle/*.tar.gz` in the current folder, where `nitroforge bundle` writes.
    static func defaultBundle() throws -> URL {
        let folder = URL(fileURLWithPath: "bundle")
        let bundles = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? [])
            .filter { $0.lastPathComponent.hasSuffix(".tar.gz") }
        let newest = bundles.max { a, b in
            let dateA = (try? a.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            let dateB = (try? b.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            return dateA < dateB
        }
        return newest ?? folder.appendingPathComponent("<none>.tar.gz")
    }
}
