import NitroFormats

/// The rules between fields that `validate` checks beyond the JSON Schema, in words, for the reference.
/// Each names the rule type that implements it.
enum CrossFieldRuleCatalog {
    static let all = [
        "`enclave.instanceType` is in the instance type table below (`EnclaveRules`).",
        "`enclave.vcpus` is even on types with two threads per core (an enclave takes whole cores) and leaves at least "
            + "\(EnclaveRules.hostVCPUs) vCPUs to the host (`EnclaveRules`).",
        "`enclave.memoryMiB` leaves at least \(EnclaveRules.hostMemoryMiB) MiB to the host and, when the measurements "
            + "file records the image size (`\(Measurements.eifSizeKey)`), is at least \(EnclaveRules.imageMemoryFactor) "
            + "times that size (`EnclaveRules`).",
        "The measurements file, when it exists, has the shape nitro-cli prints; all-zero PCRs (a debug-mode image) "
            + "and all-zero `enclave.extraAllowedPCR0` entries need `enclave.debug: true` (`MeasurementRules`).",
        "`enclave.signingCertificate` is set exactly when the measurements have a PCR8 (`MeasurementRules`).",
        "The first item of `enclave.processor.exec.argv` and of `enclave.processor.http.command` is an absolute path: "
            + "the enclave agent runs it without a shell or a PATH search (`ProcessorRules`).",
        "An `http` processor without `command` is valid but draws a warning from `validate` and `generate`: the agent "
            + "is the image's only entrypoint, so the processor image's own ENTRYPOINT and CMD never run and nothing "
            + "starts the server unless edited templates do (`ProcessorRules`).",
        "`queue.visibilityTimeoutSeconds` is at least `enclave.jobTimeoutSeconds` (`DeploymentRules`).",
        "`scaling.min` is at most `scaling.max` (`DeploymentRules`).",
        "`producer.tls: none` needs `producer.runsOn: external`: on EC2 the load balancer's hop to the producer "
            + "carries plaintext jobs and must be TLS (`DeploymentRules`).",
        "`producer.ingress.certificateArn` is in the spec's region and, when `accountId` is set, its account (`DeploymentRules`).",
        "A public load balancer in an existing VPC needs `network.publicSubnetIds` (`DeploymentRules`).",
        "`producer.auth.oidc` on EC2 needs `network.egress: nat` to reach the issuer's keys (`DeploymentRules`).",
        "`storage.objectLock` forbids `storage.deleteInputAfterResult` and needs `storage.lifecycleDays` of at least "
            + "the retention (`DeploymentRules`).",
        "`results.store: true` needs at least one `kms.resultReaders` entry (`DeploymentRules`).",
        "`enclave.model` needs `kms.modelPublisher` (`DeploymentRules`).",
        "`monitoring.snsTopicArn` and `monitoring.alarmEmail` need `monitoring.alarms: true`; the topic is in the spec's "
            + "region (`DeploymentRules`).",
        "`kms.administrators` must include the principal that runs `terraform apply` (KMS refuses a key policy that "
            + "would lock it out); `validate` cannot know that principal; KMS checks it when Terraform creates the keys.",
    ]
}
