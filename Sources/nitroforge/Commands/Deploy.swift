import AWSCore
import AWSS3
import ArgumentParser
import Envelope
import Foundation
import NitroForgeGen

/// `nitroforge deploy`: the preflight checks, then the artifacts in their bucket before anything can boot
/// from them, then the whole apply.
struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Check, upload the EIF and the bundle, and apply the generated Terraform.",
        discussion: """
            First the checks, each refusal (exit 2) one line saying what to do, in this order: terraform 1.6 \
            or later on PATH; --dir up to date with its spec (`nitroforge plan` would show nothing); \
            measurements exist; the EIF's PCR0, read from the image itself, is one the key policies will \
            allow; a debug-mode image only with `enclave.debug: true`; the bundle exists, is the file its name \
            says and was packed from --dir; then, online, the credentials belong to the spec's accountId. \
            --check stops there and changes nothing.

            Then `terraform init`, `terraform plan` (shown) and a confirmation unless --auto-approve, an apply \
            of the artifacts bucket alone (first deploy only), the uploads (eif/<sha256>.eif and bundle/<sha256>.tar.gz, each with \
            its SHA-256 checksum, skipped when already there), and the apply of everything else with \
            eif_sha256 and bundle_sha256 set, so no instance boots before its artifacts exist. Last, it waits \
            (--wait-timeout, 900 s) until the consumer Auto Scaling group has its desired number of healthy \
            instances and as many host agents have logged their start to the host log group; a timeout \
            is reported as such (exit 3) and leaves the applied deployment as it is.

            Rollouts: when the deployed data key allows PCR0 values this output does not (an earlier image), \
            deploy keeps them beside the new one, so hosts still running the old image keep working while the \
            group's instance refresh replaces them. `deploy --finalize` then removes them, and refuses (exit 2) \
            while an instance was launched from another launch template version than the group's current one.

            The EIF defaults to the one .eif beside the spec's measurements file (where build-eif writes it); \
            the bundle to the newest bundle/*.tar.gz. AWS access comes from the usual chain (environment, \
            profile, instance role); AWS_ENDPOINT_URL points every client and, through Terraform's own \
            provider configuration, nothing else.

            Exit status: 0 deployed or checked; 1 a missing file or bad flag; 2 a check refused or the plan \
            was not confirmed; 3 Terraform or AWS failed.

            EXAMPLES:
              nitroforge deploy --dir terraform-out --check
              nitroforge deploy --dir terraform-out --eif build/enclave.eif --bundle bundle/<sha256>.tar.gz
              nitroforge deploy --auto-approve --json
              nitroforge deploy --finalize
            """
    )

    @Option(help: "The generated output to deploy.") var dir = "terraform-out"
    @Option(help: "The spec (default: the one --dir was generated from, named in its versions.tf).") var spec: String?
    @Option(help: "The templates --dir was generated with, if not the shipped ones.") var templates: String?
    @Option(help: "The enclave image to ship (default: the .eif beside the measurements).") var eif: String?
    @Option(help: "The host bundle to ship (default: the newest bundle/*.tar.gz).") var bundle: String?
    @Flag(help: "Run the checks only; change nothing.") var check = false
    @Flag(help: "Remove the PCR0 values of earlier images from the key policies, once no instance was launched before the rollout.")
    var finalize = false
    @Flag(help: "Apply without asking.") var autoApprove = false
    @Option(help: "Seconds to wait after the apply for healthy instances and started host agents.") var waitTimeout = 900
    @Flag(help: "Print what was deployed as JSON on standard output (Terraform's output goes to standard error).") var json = false

    /// The artifacts bucket and what makes it safe to write to, applied before the uploads.
    static let artifactTargets = [
        "aws_s3_bucket.artifacts", "aws_s3_bucket_public_access_block.artifacts", "aws_s3_bucket_ownership_controls.artifacts",
        "aws_s3_bucket_versioning.artifacts", "aws_s3_bucket_server_side_encryption_configuration.artifacts", "aws_s3_bucket_policy.artifacts",
    ]

    struct Output: Encodable {
        let eif: String
        let eifSHA256: String
        let bundle: String
        let bundleSHA256: String
        let allowedPCR0: [String]
        let artifactsBucket: String?
        let checked: Bool
    }

    func validate() throws {
        guard waitTimeout >= 0 else { throw ValidationError("--wait-timeout must be 0 or more seconds") }
    }

    func run() async throws {
        let started = Date()
        // Terraform's output goes to standard error whatever --json says, so the steps between it do too.
        let progress = ProgressReporter("deploy")
        let output = URL(fileURLWithPath: dir)
        let preflight = DeployPreflight(output: output, specPath: spec, templates: templates, eifPath: eif, bundlePath: bundle)
        progress.step("checking \(output.path)")
        let checked = try preflight.check()
        try await preflight.checkAccount(of: checked.spec)
        progress.step("checks passed: Terraform \(checked.terraform.version), PCR0 \(checked.measurements.pcr0) allowed, bundle \(checked.bundle.sha256)")
        if check {
            try report(checked, allowed: checked.allowedPCR0, bucket: nil, checkedOnly: true)
            return
        }

        let terraform = checked.terraform
        var variables = ["-var", "eif_sha256=\(checked.eif.sha256)", "-var", "bundle_sha256=\(checked.bundle.sha256)"]
        progress.step("terraform init")
        try terraform.run(["init", "-input=false"])
        let previous = try terraform.outputs()
        let carried = try await Rollout.allowedNow(outputs: previous).filter { !checked.allowedPCR0.contains($0) }
        var allowed = checked.allowedPCR0
        if finalize {
            guard !carried.isEmpty else {
                progress.step("finalize: the key policies allow no PCR0 but this output's; nothing to remove")
                try report(checked, allowed: allowed, bucket: previous["artifacts_bucket"] as? String, checkedOnly: false)
                return
            }
            if let group = previous["consumer_autoscaling_group"] as? String { try await Rollout.requireRefreshed(try ConsumerFleet(), group: group) }
            progress.step("finalize: removing PCR0 \(carried.joined(separator: ", ")) from the key policies")
        } else if !carried.isEmpty {
            variables += Rollout.extraVariable(spec: Array(checked.allowedPCR0.dropFirst()), carried: carried)
            allowed += carried
            progress.step("rollout: keeping PCR0 \(carried.joined(separator: ", ")) beside \(checked.measurements.pcr0) until `nitroforge deploy --finalize`")
        }
        if !autoApprove {
            // With --auto-approve the applies below print their plans themselves.
            progress.step("terraform plan")
            try terraform.run(["plan", "-input=false"] + variables)
            try confirm()
        }

        if previous["artifacts_bucket"] == nil {
            progress.step("creating the artifacts bucket first")
            try terraform.run(["apply", "-input=false", "-auto-approve"] + Self.artifactTargets.map { "-target=\($0)" } + variables)
        }
        guard let bucket = try (previous["artifacts_bucket"] ?? terraform.outputs()["artifacts_bucket"]) as? String else {
            throw CommandFailure.internalFailure("deploy: the apply left no artifacts_bucket output in \(output.path)")
        }
        try await upload(checked.eif, as: "eif/\(checked.eif.sha256).eif", to: bucket, progress)
        try await upload(checked.bundle, as: "bundle/\(checked.bundle.sha256).tar.gz", to: bucket, progress)
        progress.step("terraform apply")
        try terraform.run(["apply", "-input=false", "-auto-approve"] + variables)

        guard let group = try terraform.outputs()["consumer_autoscaling_group"] as? String else {
            throw CommandFailure.internalFailure("deploy: the apply left no consumer_autoscaling_group output in \(output.path)")
        }
        let deployment = try Deployment(spec: checked.spec, measurements: checked.measurements, outputDirectory: output)
        progress.step("waiting up to \(waitTimeout) s for the consumer hosts")
        try await FleetWait(fleet: try ConsumerFleet(), group: group, hostLogGroup: ResourceNames(deployment).logGroup("host"), since: started,
                            timeout: .seconds(waitTimeout), interval: .seconds(10)).run(progress)
        try report(checked, allowed: allowed, bucket: bucket, checkedOnly: false)
    }

    /// Asks on the terminal; anything but `yes` changes nothing.
    private func confirm() throws {
        FileHandle.standardError.write(Data("Apply this plan, with the artifacts uploaded first? Only 'yes' is accepted: ".utf8))
        guard readLine(strippingNewline: true) == "yes" else {
            throw CommandFailure.refused("deploy: not confirmed; nothing was changed")
        }
    }

    /// Puts `artifact` at `key` with its SHA-256 checksum, unless an object of its size is already there (the
    /// key is its content's hash).
    private func upload(_ artifact: DeployPreflight.Artifact, as key: String, to bucket: String, _ progress: ProgressReporter) async throws {
        let s3 = try S3Client.fromEnvironment()
        let chunks = FileChunks(path: artifact.url.path, chunkSize: 1 << 20)
        if let existing = try? await s3.headObject(bucket: bucket, key: key), existing.contentLength == chunks.size {
            progress.step("s3://\(bucket)/\(key) is already there")
            return
        }
        progress.step("uploading \(artifact.url.path) to s3://\(bucket)/\(key)")
        var options = S3PutOptions()
        options.checksumAlgorithm = .sha256
        _ = try await s3.upload(bucket: bucket, key: key, body: chunks, options: options)
    }

    /// `allowed`: the PCR0 values the key policies hold after this deploy (the output's, and those a rollout carries).
    private func report(_ checked: DeployPreflight.Checked, allowed: [String], bucket: String?, checkedOnly: Bool) throws {
        let summary = Output(eif: checked.eif.url.path, eifSHA256: checked.eif.sha256, bundle: checked.bundle.url.path,
                             bundleSHA256: checked.bundle.sha256, allowedPCR0: allowed, artifactsBucket: bucket, checked: checkedOnly)
        if json {
            try JSONOutput.print(summary)
        } else {
            print(checkedOnly ? "ready to deploy \(dir): \(checked.eif.url.lastPathComponent) (PCR0 \(checked.measurements.pcr0)), bundle \(checked.bundle.sha256)"
                              : "deployed \(dir): eif/\(checked.eif.sha256).eif and bundle/\(checked.bundle.sha256).tar.gz in \(bucket ?? "?")")
        }
    }
}
