import AWSCore
import AWSS3
import ArgumentParser
import Foundation
import PolicyAudit

/// `nitroforge destroy`: everything `deploy` made, without ever needing an alias change the key policies deny.
struct Destroy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Destroy a deployment: refuses while its bucket holds jobs or results, unless --force.",
        discussion: """
            Reads Terraform's outputs in --dir and first checks, with the policy evaluator, that the output's \\
            key policies let the caller (STS GetCallerIdentity) read and schedule the deletion of every key; \\
            then refuses (exit 2) while the jobs bucket holds any object version (jobs, results) unless --force, \\
            and asks for confirmation unless --auto-approve.

            Then: the bucket policies are destroyed first (which also stops access logging into the logs \\
            bucket), every object version is deleted from the artifacts bucket, from the jobs bucket (with \\
            --force) and from the logs bucket (with --force; without it the logs bucket and its access logs are \\
            kept, taken out of Terraform's state, and named), the key aliases are taken out of Terraform's state, \\
            and `terraform destroy` runs. The key policies deny alias changes to everyone, administrators \\
            included, and destroy never asks for one: the keys are scheduled for deletion (Terraform's \\
            waiting period) and KMS deletes their aliases with them.

            Exit status: 0 destroyed; 1 no deployment in --dir; 2 refused (objects, key policy, not confirmed); \\
            3 Terraform or AWS failed.

            EXAMPLES:
              nitroforge destroy --dir terraform-out
              nitroforge destroy --dir terraform-out --force --auto-approve
            """
    )

    @Option(help: "The deployed output.") var dir = "terraform-out"
    @Flag(help: "Delete every job, result and access log with the deployment.") var force = false
    @Flag(help: "Destroy without asking.") var autoApprove = false

    static let bucketPolicies = ["aws_s3_bucket_policy.jobs", "aws_s3_bucket_policy.artifacts", "aws_s3_bucket_policy.logs"]
    static let logsBucketResources = [
        "aws_s3_bucket.logs", "aws_s3_bucket_public_access_block.logs", "aws_s3_bucket_ownership_controls.logs", "aws_s3_bucket_versioning.logs",
        "aws_s3_bucket_server_side_encryption_configuration.logs", "aws_s3_bucket_lifecycle_configuration.logs",
    ]
    static let aliases = ["aws_kms_alias.data", "aws_kms_alias.results", "aws_kms_alias.storage"]

    func run() async throws {
        let progress = ProgressReporter("destroy")
        let output = URL(fileURLWithPath: dir)
        let terraform = try Terraform.locate(environment: ProcessInfo.processInfo.environment, in: output)
        let outputs = try terraform.outputs()
        guard let jobs = outputs["jobs_bucket"] as? String, let artifacts = outputs["artifacts_bucket"] as? String,
              let logs = outputs["logs_bucket"] as? String else {
            throw CommandFailure.invalidInput("\(output.path) has no deployment (Terraform reports no outputs there)")
        }

        let caller = try await CallerIdentity.fetch()
        let refused = KeyDestruction.refusals(of: KeyDestruction.principal(ofCaller: caller.arn), account: caller.account,
                                              policies: try KeyDestruction.policies(in: output))
        guard refused.isEmpty else {
            throw CommandFailure.refused("destroy: the key policies do not let \(caller.arn) \(refused.joined(separator: "; ")): run it as one of the spec's kms.administrators")
        }
        let s3 = try S3Client.fromEnvironment()
        let held = try await s3.listObjectVersions(bucket: jobs)
        if !held.isEmpty, !force {
            throw CommandFailure.refused("destroy: s3://\(jobs) still holds \(held.count) object versions (jobs and results): copy what you need, then `nitroforge destroy --force`")
        }
        if !autoApprove {
            FileHandle.standardError.write(Data("Destroy the deployment in \(output.path)\(force ? ", with every job, result and access log" : "")? Only 'yes' is accepted: ".utf8))
            guard readLine(strippingNewline: true) == "yes" else { throw CommandFailure.refused("destroy: not confirmed; nothing was changed") }
        }

        let variables = Self.placeholderVariables
        progress.step("destroying the bucket policies first (and the access logging that waits for them)")
        try terraform.run(["destroy", "-input=false", "-auto-approve"] + Self.bucketPolicies.map { "-target=\($0)" } + variables)
        for bucket in [artifacts] + (force ? [jobs, logs] : []) {
            let versions = try await s3.listObjectVersions(bucket: bucket)
            progress.step("deleting \(versions.count) object versions from s3://\(bucket)")
            try await s3.deleteObjectVersions(bucket: bucket, versions)
        }
        var kept = Self.aliases
        if !force { kept += Self.logsBucketResources }
        progress.step("taking out of Terraform's state: \(kept.joined(separator: ", "))")
        try terraform.run(["state", "rm"] + kept)
        progress.step("terraform destroy")
        try terraform.run(["destroy", "-input=false", "-auto-approve"] + variables)
        print("destroyed \(dir); the keys are pending deletion and KMS deletes their aliases with them\(force ? "" : "; kept s3://\(logs) and its access logs")")
    }

    /// Destroy needs a value for every variable without one; the artifacts' hashes do not matter to it.
    static let placeholderVariables = ["eif_sha256", "bundle_sha256"].flatMap { ["-var", "\($0)=\(String(repeating: "0", count: 64))"] }
}
