import Foundation
import NitroTestSupport
import XCTest
@testable import NitroForgeGen

/// `terraform apply` and `destroy` of the inference and existing-vpc examples against a moto_server
/// started for this test (account 111122223333, the spec's), then a read-back of what was created, with
/// boto3, against the design. The provider reaches moto only through a `moto_override.tf` written into a
/// scratch copy; the test prepares only what a real account already holds (an imported certificate; the
/// existing VPC and its subnets). moto does not enforce key policies: this cannot show whether destroy
/// would be allowed on AWS.
final class TerraformApplyTests: XCTestCase {
    /// Resources left out of the moto run (`count = 0` in the override file), each with why.
    static let leftOut: [(address: String, reason: String)] = [
        ("aws_sqs_queue_redrive_allow_policy.jobs_dlq",
         "moto 5.2.1 does not store a queue's RedriveAllowPolicy, so the provider waits for it until its timeout"),
        ("aws_cloudtrail.main",
         "moto 5.2.1's StartLogging finds a trail by name only and the provider passes its ARN: HTTP 500, retried until timeout"),
        ("aws_s3_bucket_policy.artifacts",
         "moto 5.2.1 applies a bucket policy's Deny statements to object writes without their conditions, so the TLS-only Deny refuses deploy's uploads over moto's plain HTTP"),
    ]
    static let account = "111122223333"
    static let pcr0 = String(repeating: "c", count: 96)
    static let services = ["acm", "autoscaling", "cloudtrail", "cloudwatch", "ec2", "elbv2", "iam", "kms", "logs", "s3", "sns", "sqs", "ssm", "sts", "wafv2"]

    /// What one example's run produced; checked after both ran.
    private struct ExampleRun {
        var example: String
        var region: String = ""
        var files: [String: String] = [:]
        var prepared: [String] = []
        var apply: Terraform.Run?
        var readBack: [String: Any] = [:]
        var destroy: Terraform.Run?
        var emptiedLogObjects = 0
        /// Through `deploy` only: what it shipped, the PCR0 it allowed, and what the artifacts bucket held.
        var eifSHA256 = ""
        var bundleSHA256 = ""
        var pcr0 = ""
        var expectedArtifacts: [String: String] = [:]
        var artifacts: [String: String] = [:]
        var deployWait: (status: Int32, error: String)?
        var status: [String: Any] = [:]
        var destroyRefusal: (status: Int32, stderr: String)?
        /// The rollout's two deploys (B beside A, then --finalize): what each printed and `status --json` after it.
        var rollout: [(stderr: String, status: [String: Any])] = []
        var pcr0B = ""
        var finalizeRefusal: (status: Int32, stderr: String)?
        /// The user data's artifact check on the uploaded bundle, then on it with one byte changed.
        var userDataCheck: [(status: Int32, output: String)] = []
        var seconds: Double = 0
        var error: Error?

        var applied: Int? {
            guard let output = apply?.output, let range = output.range(of: #"Apply complete! Resources: (\d+) added"#, options: .regularExpression) else { return nil }
            return Int(output[range].split(separator: " ")[3])
        }
    }

    func testInferenceAndExistingVPCApplyAsDesignedAndDestroyLeavingOnlyKeysPendingDeletion() throws {
        let terraform = try Terraform.located()
        let moto = try MotoAccount(accountId: Self.account)
        defer { moto.stop() }
        let started = Date()
        let examples = ["inference", "existing-vpc"]
        let runs = UnsafeRuns(examples.map { ExampleRun(example: $0) })
        // The two examples are in different regions and names, so they run side by side on one moto.
        DispatchQueue.concurrentPerform(iterations: examples.count) { index in
            var run = runs.get(index)
            let clock = Date()
            do { try Self.applyAndDestroy(&run, terraform: terraform, moto: moto) } catch { run.error = error }
            run.seconds = Date().timeIntervalSince(clock)
            runs.set(index, run)
        }
        var leftovers = Set<String>()
        for run in runs.all {
            if let error = run.error { XCTFail("\(run.example): \(error)"); continue }
            check(run)
            let left = try moto.call("leftovers", region: run.region, run.prepared)["leftovers"] as? [String] ?? []
            leftovers.formUnion(left)
        }
        let total = Date().timeIntervalSince(started)
        let pendingKeys = leftovers.filter { $0.hasPrefix("kms key ") && $0.contains(" PendingDeletion ") }
        XCTAssertEqual(pendingKeys.count, 3 * examples.count, "three keys per example, pending deletion: \(leftovers.sorted())")
        // nitroforge destroy never deletes an alias (the key policies deny it); KMS deletes them with their keys.
        let pendingAliases: Set = ["kms alias alias/fraud-scoring-data", "kms alias alias/fraud-scoring-results", "kms alias alias/fraud-scoring-storage"]
        XCTAssertEqual(leftovers.subtracting(pendingKeys).subtracting(pendingAliases).sorted(), [], "destroy left these behind")
        XCTAssertEqual(leftovers.intersection(pendingAliases), pendingAliases, "the inference aliases wait for their keys")
        print("TerraformApplyTests: left out of the moto run (\(Self.leftOut.count)): " + Self.leftOut.map { "\($0.address) (\($0.reason))" }.joined(separator: "; "))
        for run in runs.all {
            print("TerraformApplyTests: \(run.example): \(run.applied.map(String.init) ?? "?") resources applied and destroyed in \(Int(run.seconds)) s (\(run.emptiedLogObjects) access-log objects emptied from the logs bucket first)")
        }
        print("TerraformApplyTests: left after destroy (\(leftovers.count)): \(leftovers.sorted().joined(separator: ", "))")
        print("TerraformApplyTests: \(Int(total)) s in all")
    }

    // MARK: - One example

    private static func applyAndDestroy(_ run: inout ExampleRun, terraform: Terraform, moto: MotoAccount) throws {
        var variables = ["eif_sha256": String(repeating: "a", count: 64), "bundle_sha256": String(repeating: "b", count: 64), "enclave_pcr0": Self.pcr0]
        let scratch = TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let generated: [GeneratedFile]
        switch run.example {
        case "existing-vpc":
            run.region = "us-west-2"
            let vpc = try moto.call("prepare-vpc", region: run.region)
            let vpcId = try XCTUnwrap(vpc["vpc"] as? String), subnets = try XCTUnwrap(vpc["subnets"] as? [String])
            run.prepared = [vpcId] + subnets
            generated = try generateExistingVPC(vpcId: vpcId, subnets: subnets, into: scratch)
        default:
            run.region = "us-east-1"
            let certificate = try moto.call("prepare-certificate", region: run.region)
            variables["certificate_arn"] = try XCTUnwrap(certificate["arn"] as? String)
            generated = []
        }
        let folder = scratch.appendingPathComponent("out")
        let arguments: [String]
        if generated.isEmpty {
            // inference goes through `nitroforge deploy`, as a user deploys: its own image, bundle and apply.
            try deploy(&run, certificate: variables["certificate_arn"]!, into: scratch, moto: moto)
            variables = ["eif_sha256": run.eifSHA256, "bundle_sha256": run.bundleSHA256]
            arguments = variables.sorted { $0.key < $1.key }.flatMap { ["-var", "\($0.key)=\($0.value)"] }
        } else {
            run.files = Dictionary(uniqueKeysWithValues: generated.map { ($0.path, $0.contents) })
            try OutputFolder(folder).write(generated)
            try Data(override(endpoint: moto.endpoint).utf8).write(to: folder.appendingPathComponent("moto_override.tf"))
            try terraform.initialize(folder)
            arguments = variables.sorted { $0.key < $1.key }.flatMap { ["-var", "\($0.key)=\($0.value)"] }
            let apply = try terraform.run(["apply", "-auto-approve", "-no-color", "-input=false", "-parallelism=20"] + arguments, in: folder, seconds: 420)
            run.apply = apply
            guard apply.status == 0 else {
                throw TerraformFailure("terraform apply \(apply.timedOut ? "timed out after 420 s" : "failed (status \(apply.status))"):\n\(apply.output.suffix(4000))")
            }
        }
        let outputs = try terraform.run(["output", "-json", "-no-color"], in: folder)
        try Data(outputs.output.utf8).write(to: scratch.appendingPathComponent("outputs.json"))
        run.readBack = try moto.call("read-back", region: run.region, [scratch.appendingPathComponent("outputs.json").path])

        let outputValues = try JSONSerialization.jsonObject(with: Data(outputs.output.utf8)) as? [String: [String: Any]]
        if !run.eifSHA256.isEmpty {
            // Deployed by nitroforge: destroyed by it too, refusing first while a job is in the bucket.
            let artifactsBucket = try XCTUnwrap(outputValues?["artifacts_bucket"]?["value"] as? String, "terraform output artifacts_bucket")
            run.artifacts = try moto.call("artifacts", region: run.region, [artifactsBucket])["objects"] as? [String: String] ?? [:]
            run.userDataCheck = try userDataCheck(folder, bucket: artifactsBucket, key: "bundle/\(run.bundleSHA256).tar.gz", sha256: run.bundleSHA256,
                                                  moto: moto, region: run.region, scratch: scratch)
            let jobsBucket = try XCTUnwrap(outputValues?["jobs_bucket"]?["value"] as? String, "terraform output jobs_bucket")
            _ = try moto.call("put-job", region: run.region, [jobsBucket])
            let environment = motoEnvironment(moto, region: run.region)
            let refused = try Nitroforge.run(["destroy", "--dir", folder.path, "--auto-approve"], environment: environment)
            run.destroyRefusal = (refused.status, refused.stderr)
            let destroyed = try Nitroforge.run(["destroy", "--dir", folder.path, "--force", "--auto-approve"], environment: environment)
            run.destroy = Terraform.Run(status: destroyed.status, output: destroyed.stderr + destroyed.stdout)
            guard destroyed.status == 0 else { throw TerraformFailure("nitroforge destroy --force failed (status \(destroyed.status)):\n\(destroyed.stderr.suffix(4000))") }
            let logsLine = destroyed.stderr.split(separator: "\n").first { $0.contains("object versions from s3://") && $0.hasSuffix("-logs-\(Self.account)") }
            run.emptiedLogObjects = logsLine.flatMap { Int($0.split(separator: " ")[2]) } ?? -1
            return
        }

        // The logs bucket holds the S3 access logs moto delivered during the run. The generated code never
        // force-destroys audit logs: as an operator must, the test first destroys the logs bucket's policy
        // (and with it access logging, which waits for it; the policy is TLS-only, and moto is plain HTTP),
        // then empties the bucket, then destroys the rest.
        let stopLogging = try terraform.run(["destroy", "-auto-approve", "-no-color", "-input=false", "-target", "aws_s3_bucket_policy.logs"] + arguments, in: folder, seconds: 120)
        guard stopLogging.status == 0, stopLogging.output.contains("aws_s3_bucket_logging.") else {
            throw TerraformFailure("terraform destroy -target aws_s3_bucket_policy.logs failed or kept access logging:\n\(stopLogging.output.suffix(3000))")
        }
        let logsBucket = try XCTUnwrap(outputValues?["logs_bucket"]?["value"] as? String, "terraform output logs_bucket")
        run.emptiedLogObjects = try moto.call("empty-bucket", region: run.region, [logsBucket])["deleted"] as? Int ?? -1

        let destroy = try terraform.run(["destroy", "-auto-approve", "-no-color", "-input=false", "-parallelism=20"] + arguments, in: folder, seconds: 300)
        run.destroy = destroy
        guard destroy.status == 0 else {
            throw TerraformFailure("terraform destroy \(destroy.timedOut ? "timed out after 300 s" : "failed (status \(destroy.status))"):\n\(destroy.output.suffix(4000))")
        }
    }

    /// `nitroforge deploy --auto-approve` of the inference example: an EIF built and measured, the output
    /// generated, a bundle of stand-in runtimes (no instance runs here), moto reached through the operator's
    /// own override and variables files, which deploy's freshness check leaves to the operator.
    private static func deploy(_ run: inout ExampleRun, certificate: String, into scratch: URL, moto: MotoAccount) throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let spec = scratch.appendingPathComponent("nitroforge.yaml")
        // moto answers GetCallerIdentity with its own user, who must be a key administrator for destroy's key check.
        let example = try String(contentsOfFile: try TestEnvironment.specPath("inference"), encoding: .utf8)
        let administrators = "  administrators:\n    - arn:aws:iam::111122223333:role/platform-admin\n"
        guard example.contains(administrators) else { throw TerraformFailure("examples/inference no longer names platform-admin as its only administrator") }
        try Data(example.replacingOccurrences(of: administrators, with: administrators + "    - arn:aws:iam::111122223333:user/moto\n").utf8).write(to: spec)
        let blobs = try NativeEIF.writeBlobs(in: scratch)
        let eif = scratch.appendingPathComponent("build/enclave.eif")
        try NativeEIF.build(program: "inference", blobs: blobs, in: scratch, eif: eif, measurements: scratch.appendingPathComponent("build/measurements.json"))
        let folder = scratch.appendingPathComponent("out")
        let generate = try Nitroforge.run(["generate", "--spec", spec.path, "--out", folder.path])
        guard generate.status == 0 else { throw TerraformFailure("generate failed: \(generate.stderr)") }
        let runtimes = scratch.appendingPathComponent("runtimes")
        try FileManager.default.createDirectory(at: runtimes, withIntermediateDirectories: true)
        for name in ["nitroforge-enclave", "nitroforge-host", "nitroforge-producer"] {
            FileManager.default.createFile(atPath: runtimes.appendingPathComponent(name).path, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        let bundle = try Nitroforge.run(["bundle", "--dir", folder.path, "--out", scratch.appendingPathComponent("bundle").path,
                                         "--executables", runtimes.path, "--spec", spec.path, "--json"])
        let bundled = try JSONSerialization.jsonObject(with: Data(bundle.stdout.utf8)) as? [String: String]
        guard bundle.status == 0, let bundlePath = bundled?["bundle"] else { throw TerraformFailure("bundle failed: \(bundle.stderr)") }
        run.files = try OutputFolder(folder).read()
        try Data(override(endpoint: moto.endpoint).utf8).write(to: folder.appendingPathComponent("moto_override.tf"))
        // Named to sort after nitroforge.auto.tfvars.json: Terraform reads them in name order, the last value wins.
        try Data(#"{"certificate_arn": "\#(certificate)"}"#.utf8).write(to: folder.appendingPathComponent("test-moto.auto.tfvars.json"))

        let environment = motoEnvironment(moto, region: run.region)
        let checked = try Nitroforge.run(["deploy", "--dir", folder.path, "--bundle", bundlePath, "--check", "--json"], environment: environment)
        guard checked.status == 0, let report = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any] else {
            throw TerraformFailure("nitroforge deploy --check failed (status \(checked.status)):\n\(checked.stderr.suffix(4000))")
        }
        run.eifSHA256 = report["eifSHA256"] as? String ?? ""
        run.bundleSHA256 = report["bundleSHA256"] as? String ?? ""
        run.pcr0 = (report["allowedPCR0"] as? [String])?.first ?? ""
        run.expectedArtifacts = ["eif/\(run.eifSHA256).eif": try sha256(of: eif), "bundle/\(run.bundleSHA256).tar.gz": try sha256(of: URL(fileURLWithPath: bundlePath))]

        // moto starts no host agent, so the wait for them ends at its (short) timeout, reported as such.
        let deployed = try Nitroforge.run(["deploy", "--dir", folder.path, "--bundle", bundlePath, "--auto-approve", "--wait-timeout", "5"],
                                          environment: environment)
        // What the last apply printed, after the targeted apply of the artifacts bucket (which warns that targeting is in effect).
        let lastApply = deployed.stderr.components(separatedBy: "deploy: terraform apply\n").last ?? deployed.stderr
        let applied = lastApply.contains("Apply complete!")
        run.apply = Terraform.Run(status: applied ? 0 : deployed.status, output: lastApply)
        guard applied else { throw TerraformFailure("nitroforge deploy failed (status \(deployed.status)):\n\(deployed.stderr.suffix(4000))") }
        run.deployWait = (deployed.status, deployed.stderr.split(separator: "\n").last { $0.hasPrefix("error:") }.map(String.init) ?? "")

        run.status = try status(folder, environment)

        // A rollout: image B measured and generated; deploy keeps A beside B, --finalize leaves B alone.
        try NativeEIF.build(program: "inference, second version", blobs: blobs, in: scratch, eif: eif,
                            measurements: scratch.appendingPathComponent("build/measurements.json"))
        let regenerate = try Nitroforge.run(["generate", "--spec", spec.path, "--out", folder.path])
        guard regenerate.status == 0 else { throw TerraformFailure("generate of image B failed: \(regenerate.stderr)") }
        run.files = try OutputFolder(folder).read()
        let deploy = ["deploy", "--dir", folder.path, "--bundle", bundlePath, "--auto-approve", "--wait-timeout", "0"]
        let rolled = try Nitroforge.run(deploy, environment: environment)
        guard rolled.stderr.contains("Apply complete!") else { throw TerraformFailure("deploy of image B failed:\n\(rolled.stderr.suffix(4000))") }
        run.rollout.append((rolled.stderr, try status(folder, environment)))
        // While an instance launched before the rollout (template version 1) still runs, finalize refuses; once
        // the refresh replaced it, finalize removes A. moto runs no instance refresh and reports each instance at
        // its template's default version, so the test sets that version to stand for each state.
        _ = try moto.call("instances-at", region: run.region, ["fraud-scoring-consumer", "1"])
        let early = try Nitroforge.run(deploy + ["--finalize"], environment: environment)
        run.finalizeRefusal = (early.status, early.stderr)
        _ = try moto.call("instances-at", region: run.region, ["fraud-scoring-consumer", "latest"])
        let finalized = try Nitroforge.run(deploy + ["--finalize"], environment: environment)
        guard finalized.stderr.contains("Apply complete!") else { throw TerraformFailure("deploy --finalize failed:\n\(finalized.stderr.suffix(4000))") }
        run.rollout.append((finalized.stderr, try status(folder, environment)))
        let imageB = try sha256(of: eif)
        run.expectedArtifacts["eif/\(imageB).eif"] = imageB
        run.pcr0B = (try JSONSerialization.jsonObject(with: Data(contentsOf: scratch.appendingPathComponent("build/measurements.json"))) as? [String: Any])
            .flatMap { $0["Measurements"] as? [String: Any] }?["PCR0"] as? String ?? ""
    }

    /// The generated user data's `fetch_checked`, run by bash with the AWS CLI against moto, as an instance
    /// would: the artifact deploy uploaded is accepted; with one byte changed in the bucket it is refused.
    private static func userDataCheck(_ folder: URL, bucket: String, key: String, sha256: String, moto: MotoAccount, region: String,
                                      scratch: URL) throws -> [(status: Int32, output: String)] {
        let userData = try String(contentsOf: folder.appendingPathComponent("host/user-data.sh"), encoding: .utf8)
        guard let start = userData.range(of: "fetch_checked() {\n"), let end = userData.range(of: "\n}\n", range: start.upperBound..<userData.endIndex) else {
            throw TerraformFailure("host/user-data.sh has no fetch_checked function")
        }
        let function = String(userData[start.lowerBound..<end.upperBound])
        guard !function.contains("$${"), !function.contains("%{") else { throw TerraformFailure("fetch_checked holds template escapes; render it first") }
        let aws = try TestEnvironment.tool("aws")
        var environment = motoEnvironment(moto, region: region)
        environment["PATH"] = URL(fileURLWithPath: aws).deletingLastPathComponent().path + ":/usr/bin:/bin"
        func fetch() throws -> (status: Int32, output: String) {
            let script = "set -euo pipefail\n\(function)fetch_checked \"s3://\(bucket)/\(key)\" \"\(scratch.path)/fetched\" \"\(sha256)\"\n"
            let fetched = try Nitroforge.run(program: URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: environment)
            return (fetched.status, fetched.stdout + fetched.stderr)
        }
        let accepted = try fetch()
        _ = try moto.call("tamper", region: region, [bucket, key])
        return [accepted, try fetch()]
    }

    private static func status(_ folder: URL, _ environment: [String: String]) throws -> [String: Any] {
        let status = try Nitroforge.run(["status", "--dir", folder.path, "--json"], environment: environment)
        return (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]) ?? ["failed": status.stderr]
    }

    /// nitroforge's AWS clients pointed at the test's moto, with no profile of the machine's.
    private static func motoEnvironment(_ moto: MotoAccount, region: String) -> [String: String] {
        ["AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": region,
         "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
    }

    private static func sha256(of url: URL) throws -> String {
        let run = try TestEnvironment.run("/usr/bin/sha256sum", [url.path])
        return String(run.output.prefix(64))
    }

    /// examples/existing-vpc with the VPC and subnets moto made for it, as a user names their own.
    private static func generateExistingVPC(vpcId: String, subnets: [String], into scratch: URL) throws -> [GeneratedFile] {
        var spec = try String(contentsOfFile: TestEnvironment.specPath("existing-vpc"), encoding: .utf8)
        let example = ["vpc-0a1b2c3d4e5f60718", "subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
        guard subnets.count == 2 else { throw TerraformFailure("moto_account.py prepare-vpc made \(subnets.count) subnets, not 2") }
        for (old, new) in zip(example, [vpcId] + subnets) {
            guard spec.components(separatedBy: old).count == 2 else { throw TerraformFailure("examples/existing-vpc/nitroforge.yaml no longer names \(old) once") }
            spec = spec.replacingOccurrences(of: old, with: new)
        }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let path = scratch.appendingPathComponent("nitroforge.yaml")
        try Data(spec.utf8).write(to: path)
        return try Generation.prepare(specPath: path.path, outputDirectory: scratch.appendingPathComponent("out")).files
    }

    /// The test-only override: every service the output uses at moto, and the left-out resources at count 0.
    private static func override(endpoint: String) -> String {
        let endpoints = Self.services.map { "    \($0) = \"\(endpoint)\"" }.joined(separator: "\n")
        let leftOut = Self.leftOut.map { item -> String in
            let parts = item.address.split(separator: ".")
            return "# \(item.reason)\nresource \"\(parts[0])\" \"\(parts[1])\" {\n  count = 0\n}\n"
        }.joined(separator: "\n")
        return """
        provider "aws" {
          access_key                  = "testing"
          secret_key                  = "testing"
          skip_credentials_validation = true
          skip_metadata_api_check     = true
          s3_use_path_style           = true
          endpoints {
        \(endpoints)
          }
        }

        # moto 5.2.1 has no StartInstanceRefresh, which the provider calls when the group's launch template
        # version changes (a rollout): the group launches $Latest instead, so that version never changes.
        resource "aws_autoscaling_group" "consumer" {
          launch_template {
            id      = aws_launch_template.consumer.id
            version = "$Latest"
          }
        }

        \(leftOut)
        """
    }

    /// `nitroforge status --json` right after deploy: empty queues at the URLs Terraform reports, the group,
    /// and the PCR0 read back from both key policies in KMS, which is the one deploy shipped.
    private func checkStatus(_ run: ExampleRun) {
        let status = run.status
        let queue = status["queue"] as? [String: Any], dlq = status["deadLetterQueue"] as? [String: Any]
        XCTAssertTrue((queue?["url"] as? String)?.hasSuffix("/fraud-scoring-jobs") == true, "\(status)")
        XCTAssertEqual(queue?["waiting"] as? Int, 0, "\(status)")
        XCTAssertEqual(dlq?["waiting"] as? Int, 0, "\(status)")
        XCTAssertTrue((dlq?["url"] as? String)?.hasSuffix("/fraud-scoring-jobs-dlq") == true, "\(status)")
        XCTAssertEqual((status["fleet"] as? [String: Any])?["group"] as? String, "fraud-scoring-consumer", "\(status)")
        XCTAssertEqual(status["allowedPCR0"] as? [String: [String]], ["dataKey": [run.pcr0], "resultsKey": [run.pcr0]], "\(status)")
        XCTAssertEqual(status["localPCR0"] as? String, run.pcr0)
        XCTAssertEqual(status["localMeasurementsAllowed"] as? Bool, true, "\(status)")
    }

    // MARK: - Read-back against the design

    private func check(_ run: ExampleRun) {
        let example = run.example
        XCTAssertGreaterThan(run.applied ?? 0, 50, "\(example): resources applied")
        XCTAssertFalse(run.apply?.output.contains("Warning:") ?? true, "\(example): apply warned:\n\(run.apply?.output.suffix(2000) ?? "")")
        let name = (try? JSONSerialization.jsonObject(with: Data((run.files["nitroforge.auto.tfvars.json"] ?? "").utf8)) as? [String: Any])?["name"] as? String ?? ""
        XCTAssertFalse(name.isEmpty, example)
        XCTAssertEqual(run.artifacts, run.expectedArtifacts, "\(example): the artifacts bucket does not hold exactly the EIF and bundle deploy shipped")
        if !run.eifSHA256.isEmpty {
            XCTAssertEqual(run.userDataCheck.map(\.status), [0, 1], "\(example): the user data's artifact check: \(run.userDataCheck.map(\.output))")
            XCTAssertTrue(run.userDataCheck.last?.output.contains("does not match its SHA-256") == true, "\(run.userDataCheck.last?.output ?? "")")
        }
        if let refusal = run.destroyRefusal {
            XCTAssertEqual(refusal.status, 2, refusal.stderr)
            XCTAssertTrue(refusal.stderr.contains("still holds 1 object versions (jobs and results)") && refusal.stderr.contains("--force"), refusal.stderr)
        }
        if let wait = run.deployWait {
            XCTAssertEqual(wait.status, 3, "\(example): deploy's wait")
            XCTAssertTrue(wait.error.contains("timed out after 5 s waiting for the consumer hosts") && wait.error.contains("0 of 1 host agents started"), wait.error)
            checkStatus(run)
            XCTAssertEqual(run.rollout.count, 2, "\(example): the rollout's deploys")
            if run.rollout.count == 2 {
                XCTAssertNotEqual(run.pcr0B, run.pcr0)
                XCTAssertTrue(run.rollout[0].stderr.contains("rollout: keeping PCR0 \(run.pcr0) beside \(run.pcr0B)"), run.rollout[0].stderr.suffix(3000).description)
                XCTAssertEqual(run.rollout[0].status["allowedPCR0"] as? [String: [String]], ["dataKey": [run.pcr0, run.pcr0B].sorted(), "resultsKey": [run.pcr0, run.pcr0B].sorted()])
                XCTAssertEqual(run.finalizeRefusal?.status, 2, run.finalizeRefusal?.stderr ?? "")
                XCTAssertTrue(run.finalizeRefusal?.stderr.contains("1 instances of fraud-scoring-consumer were launched from another launch template version") == true,
                              run.finalizeRefusal?.stderr ?? "")
                XCTAssertTrue(run.rollout[1].stderr.contains("finalize: removing PCR0 \(run.pcr0)"), run.rollout[1].stderr.suffix(3000).description)
                XCTAssertEqual(run.rollout[1].status["allowedPCR0"] as? [String: [String]], ["dataKey": [run.pcr0B], "resultsKey": [run.pcr0B]])
                XCTAssertEqual(run.rollout[1].status["localMeasurementsAllowed"] as? Bool, true)
            }
        }

        let keys = run.readBack["keys"] as? [String: [String: Any]] ?? [:]
        XCTAssertEqual(Set(keys.keys), ["data", "results", "storage"], "\(example): keys read back")
        // After a rollout the keys hold what the last deploy left: image B's PCR0 alone.
        var placeholders = ["<enclave-pcr0>": run.pcr0B.isEmpty ? (run.pcr0.isEmpty ? Self.pcr0 : run.pcr0) : run.pcr0B]
        for (role, key) in keys { placeholders["<\(role)-key-id>"] = key["id"] as? String ?? "?" }
        let aliases = run.readBack["aliases"] as? [String: String] ?? [:]
        for role in ["data", "results", "storage"] {
            let key = keys[role] ?? [:]
            XCTAssertEqual(key["state"] as? String, "Enabled", "\(example): \(role) key")
            XCTAssertEqual(IAMJSON.normalized(key["policy"]), expectedPolicy(run, "policies/\(role)-key.json", placeholders),
                           "\(example): the \(role) key's policy differs from policies/\(role)-key.json")
            XCTAssertEqual(aliases["alias/\(name)-\(role)"], key["id"] as? String, "\(example): alias/\(name)-\(role)")
        }

        let bucket = run.readBack["jobsBucket"] as? [String: Any] ?? [:]
        XCTAssertEqual(IAMJSON.normalized(bucket["policy"]), expectedPolicy(run, "policies/bucket.json", placeholders), "\(example): jobs bucket policy")
        XCTAssertEqual(bucket["versioning"] as? String, "Enabled", "\(example): jobs bucket versioning")
        let encryption = bucket["encryption"] as? [[String: Any]] ?? []
        XCTAssertEqual(encryption.count, 1, "\(example): jobs bucket encryption rules")
        XCTAssertEqual(encryption.first?["algorithm"] as? String, "aws:kms", example)
        XCTAssertEqual(encryption.first?["key"] as? String, keys["storage"]?["arn"] as? String, "\(example): jobs bucket SSE-KMS key")
        XCTAssertEqual(encryption.first?["bucketKey"] as? Bool, true, "\(example): bucket key")
        let block = bucket["publicAccessBlock"] as? [String: Bool] ?? [:]
        XCTAssertEqual(block, ["BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true], "\(example): public access block")

        let queue = run.readBack["jobsQueue"] as? [String: Any] ?? [:]
        let redrive = queue["redrive"] as? [String: Any] ?? [:]
        XCTAssertEqual(redrive["deadLetterTargetArn"] as? String, queue["deadLetterQueueArn"] as? String, "\(example): jobs queue redrive")
        XCTAssertEqual(redrive["maxReceiveCount"] as? Int, 3, "\(example): maxReceiveCount (the spec's default)")
        XCTAssertEqual(queue["kmsKey"] as? String, keys["storage"]?["arn"] as? String, "\(example): jobs queue SSE key")

        let templates = run.readBack["launchTemplates"] as? [String: [String: Any]] ?? [:]
        let consumer = templates.filter { $0.key.hasPrefix("\(name)-consumer-") }
        XCTAssertEqual(consumer.count, 1, "\(example): consumer launch template among \(templates.keys.sorted())")
        for (templateName, options) in templates where templateName.hasPrefix("\(name)-") {
            if templateName.hasPrefix("\(name)-consumer-") { XCTAssertEqual(options["enclave"] as? Bool, true, "\(example): \(templateName) enclave options") }
            XCTAssertEqual(options["httpTokens"] as? String, "required", "\(example): \(templateName) IMDSv2")
            XCTAssertEqual(options["hopLimit"] as? Int, 1, "\(example): \(templateName) hop limit")
        }
    }

    /// A review policy from policies/ with its `<placeholder>`s resolved to what apply created.
    private func expectedPolicy(_ run: ExampleRun, _ path: String, _ placeholders: [String: String]) -> NSObject? {
        guard var text = run.files[path] else { XCTFail("\(run.example): \(path) is not generated"); return nil }
        for (placeholder, value) in placeholders { text = text.replacingOccurrences(of: placeholder, with: value) }
        if let left = text.range(of: #"<[a-z0-9-]+>"#, options: .regularExpression) {
            XCTFail("\(run.example): \(path) keeps the placeholder \(text[left]) that the test cannot resolve")
        }
        return IAMJSON.normalized(try? JSONSerialization.jsonObject(with: Data(text.utf8)))
    }
}

/// Policy JSON as IAM reads it: a one-element list and its element are the same value, so Terraform's
/// `["x"]` and the review copy's `"x"` compare equal.
enum IAMJSON {
    static func normalized(_ value: Any?) -> NSObject? {
        switch value {
        case let list as [Any]:
            let items = list.compactMap(normalized)
            return items.count == 1 ? items[0] : items as NSArray
        case let object as [String: Any]:
            return object.mapValues { normalized($0) ?? NSNull() } as NSDictionary
        case let other as NSObject:
            return other
        default:
            return nil
        }
    }
}

/// The examples' runs, each written by its own concurrent worker.
private final class UnsafeRuns<Run>: @unchecked Sendable {
    private var runs: [Run]
    private let lock = NSLock()
    init(_ runs: [Run]) { self.runs = runs }
    func get(_ index: Int) -> Run { lock.withLock { runs[index] } }
    func set(_ index: Int, _ run: Run) { lock.withLock { runs[index] = run } }
    var all: [Run] { lock.withLock { runs } }
}
